package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConcatNode;
import dev.glint.ir.ops.PadNode;
import dev.glint.ir.ops.ReshapeNode;
import dev.glint.ir.ops.SliceNode;
import dev.glint.ir.ops.TransposeNode;
import java.util.List;

/**
 * Operations that move elements without arithmetic, for every element kind: Reshape (one copy), Concat
 * ({@link ConcatKernel}), Transpose and Slice (strided walks), Pad (constant fill plus copy,
 * or an index table per axis for edge and reflect).
 */
public final class DataMovementEmitter implements KernelEmitter {
    /** Bytes a thread must get for a copy to be split. */
    private static final long MIN_BYTES_PER_THREAD = 1 << 16;

    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof ReshapeNode) {
            return new SimpleKernel("copy (reshape)", ctx -> {
                copyBytes(ctx, "copy", ctx.output(), ctx.input(0), node.type().byteSize());
                ctx.f().retVoid();
            });
        }
        if (node instanceof ConcatNode c) {
            return new ConcatKernel(c, new Requantizer(target.spec()));
        }
        if (node instanceof TransposeNode t) {
            return new SimpleKernel("transpose", ctx -> transpose(ctx, t));
        }
        if (node instanceof SliceNode s) {
            return new SimpleKernel("slice", ctx -> slice(ctx, s));
        }
        if (node instanceof PadNode p) {
            return new SimpleKernel("pad " + p.mode(), ctx -> pad(ctx, p));
        }
        return null;
    }

    /** Copies {@code bytes} bytes, split between threads when large (a concat's inputs in a wide network). */
    static void copyBytes(KernelContext ctx, String name, String dst, String src, long bytes) {
        int threads = ctx.threads().forWork(bytes, MIN_BYTES_PER_THREAD);
        ParallelFor.ranges(ctx, threads, name, bytes, List.of("ptr " + dst, "ptr " + src), (f, first, end, v) ->
                f.call("void", "llvm.memcpy.p0.p0.i64", "ptr " + f.gep("i8", v.get(0), first), "ptr " + f.gep("i8", v.get(1), first),
                        "i64 " + f.sub("i64", end, first), "i1 false"));
    }

    private static void transpose(KernelContext ctx, TransposeNode node) {
        int[] perm = node.perm();
        long[] inStrides = Loops.strides(node.input(0).type().shape());
        long[] permuted = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            permuted[i] = inStrides[perm[i]];
        }
        int[] out = node.type().shape();
        copyStrided(ctx, node.type().kind(), out, permuted, 0);
    }

    private static void slice(KernelContext ctx, SliceNode node) {
        long[] inStrides = Loops.strides(node.input(0).type().shape());
        int[] starts = node.starts();
        int[] steps = node.steps();
        long base = 0;
        long[] stepped = new long[inStrides.length];
        for (int d = 0; d < inStrides.length; d++) {
            base += starts[d] * inStrides[d];
            stepped[d] = steps[d] * inStrides[d];
        }
        copyStrided(ctx, node.type().kind(), node.type().shape(), stepped, base);
    }

    /** {@code out[i] = in[base + sum(index[d] * inStrides[d])]} over the output in row-major order. */
    private static void copyStrided(KernelContext ctx, ElemKind kind, int[] out, long[] inStrides, long base) {
        FunctionWriter f = ctx.f();
        Loops.strided(f, "i", out, new long[][] {inStrides, Loops.strides(out)}, new long[] {base, 0},
                o -> Elements.copy(f, kind, ctx.input(0), o[0], ctx.output(), o[1]));
        f.retVoid();
    }

    private static void pad(KernelContext ctx, PadNode node) {
        FunctionWriter f = ctx.f();
        ElemKind kind = node.type().kind();
        int[] xs = node.input(0).type().shape();
        int[] os = node.type().shape();
        int[] pads = node.pads();
        long[] outStrides = Loops.strides(os);
        if (node.mode().equals("constant")) {
            String value = Elements.constant(kind, node.value());
            f.loop("i", 0, node.type().numElements(), i -> f.store(Ir.type(kind), value, f.gep(Ir.type(kind), ctx.output(), i)));
            long base = 0;
            for (int d = 0; d < xs.length; d++) {
                base += pads[d] * outStrides[d];
            }
            Loops.strided(f, "c", xs, new long[][] {Loops.strides(xs), outStrides}, new long[] {0, base},
                    o -> Elements.copy(f, kind, ctx.input(0), o[0], ctx.output(), o[1]));
            f.retVoid();
            return;
        }
        // edge / reflect: per axis, a table from output coordinate to (source coordinate * input stride)
        long[] inStrides = Loops.strides(xs);
        String[] tables = new String[xs.length];
        for (int d = 0; d < xs.length; d++) {
            long[] map = new long[os[d]];
            for (int o = 0; o < os[d]; o++) {
                int p = o - pads[d];
                if (p < 0 || p >= xs[d]) {
                    p = node.mode().equals("edge") ? (p < 0 ? 0 : xs[d] - 1) : (p < 0 ? -p : 2 * (xs[d] - 1) - p);
                }
                map[o] = p * inStrides[d];
            }
            tables[d] = ctx.module().longTable(Ir.sanitize(node.name()) + ".pad" + d, map);
        }
        if (node.type().numElements() > 0) {
            gather(f, ctx, kind, os, outStrides, tables, 0, "0", "0");
        }
        f.retVoid();
    }

    private static void gather(FunctionWriter f, KernelContext ctx, ElemKind kind, int[] os, long[] outStrides,
            String[] tables, int d, String src, String dst) {
        if (d == os.length) {
            Elements.copy(f, kind, ctx.input(0), src, ctx.output(), dst);
            return;
        }
        f.loop("o" + d, 0, os[d], o -> {
            String srcOff = f.load("i64", f.gep("i64", tables[d], o));
            gather(f, ctx, kind, os, outStrides, tables, d + 1, f.add("i64", src, srcOff), f.madd(dst, o, outStrides[d]));
        });
    }

    static long product(int[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }
}
