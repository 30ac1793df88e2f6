package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConcatNode;
import dev.glint.ir.quant.QuantRange;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Concat: one copy per outer row and input; quantized inputs with other parameters than the output are
 * rescaled, as the interpreter does. 4-D operands may all be channels-last ({@link Layouts}): the copies
 * then run over the stored order ({@code [n][h][w][c]}, the logical axis moved to where it is stored), so a
 * channel concat (the branches of an Inception or SqueezeNet block) puts each input's channels side by side
 * at every position, and the layers around it keep their activations channels-last.
 */
final class ConcatKernel implements Kernel {
    /** Bytes a thread must get for a copy to be split. */
    private static final long MIN_BYTES_PER_THREAD = 1 << 16;

    private final ConcatNode node;
    private final Requantizer rq;
    private final boolean channelsLast;

    ConcatKernel(ConcatNode node, Requantizer rq) {
        this(node, rq, false);
    }

    private ConcatKernel(ConcatNode node, Requantizer rq, boolean channelsLast) {
        this.node = node;
        this.rq = rq;
        this.channelsLast = channelsLast;
    }

    @Override
    public String description() {
        return "concat" + (channelsLast ? ", NHWC" : "");
    }

    /** Every input, when all operands are 4-D: they take one layout together. */
    @Override
    public Set<Integer> layoutTiedInputs() {
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < node.numInputs(); i++) {
            if (node.input(i).type().rank() != 4) {
                return Set.of();
            }
            all.add(i);
        }
        return node.type().rank() == 4 ? all : Set.of();
    }

    @Override
    public Kernel withLayouts(Layouts layouts) {
        return new ConcatKernel(node, rq, layouts.channelsLastOutput());
    }

    /** {@code shape} in stored order: NCHW as it is, channels-last as {@code [n][h][w][c]}. */
    private int[] stored(int[] shape) {
        return channelsLast ? new int[] {shape[0], shape[2], shape[3], shape[1]} : shape;
    }

    /** Where logical axis {@code axis} is in stored order. */
    private int storedAxis(int axis) {
        return !channelsLast ? axis : axis == 0 ? 0 : axis == 1 ? 3 : axis - 1;
    }

    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        int axis = storedAxis(node.axis());
        TensorType outType = node.type();
        int[] os = stored(outType.shape());
        long outer = DataMovementEmitter.product(os, 0, axis);
        long inner = DataMovementEmitter.product(os, axis + 1, os.length);
        long outRow = os[axis] * inner;
        ElemKind kind = outType.kind();
        long start = 0;
        for (int i = 0; i < node.numInputs(); i++) {
            TensorType t = node.input(i).type();
            long rows = stored(t.shape())[axis] * inner;
            long at = start;
            String src = ctx.input(i);
            boolean rescale = outType.isQuantized() && !outType.quant().equals(t.quant());
            if (!rescale && t.kind() == kind && outer == 1) {
                DataMovementEmitter.copyBytes(ctx, "copy" + i, f.gep(Ir.type(kind), ctx.output(), Long.toString(at)), src,
                        rows * kind.bytes());
            } else if (!rescale && t.kind() == kind) {
                String type = Ir.type(kind);
                int threads = ctx.threads().forWork(outer * rows * kind.bytes(), MIN_BYTES_PER_THREAD);
                ParallelFor.ranges(ctx, threads, "rows" + i, outer, List.of("ptr " + ctx.output(), "ptr " + src),
                        (t2, from, to, v) -> t2.loop("o", from, to, o -> t2.memcpy(
                                t2.gep(type, v.get(0), t2.madd(Long.toString(at), o, outRow)),
                                t2.gep(type, v.get(1), t2.madd("0", o, rows)), rows * kind.bytes())));
            } else {
                String what = "Concat node '" + node.name() + "'";
                QuantRange from = rescale ? QuantRange.of(t, what) : null;
                QuantRange to = rescale ? QuantRange.of(outType, what) : null;
                Loops.strided(f, "c" + i, new int[] {(int) outer, (int) rows}, new long[][] {{rows, 1}, {outRow, 1}},
                        new long[] {0, at}, o -> {
                            String q = Elements.loadInt(f, t.kind(), src, o[0]);
                            String r = rescale ? ElementwiseEmitter.rescale(f, rq, q, from, to) : q;
                            Elements.storeInt(f, kind, r, ctx.output(), o[1]);
                        });
            }
            start += rows;
        }
        f.retVoid();
    }
}
