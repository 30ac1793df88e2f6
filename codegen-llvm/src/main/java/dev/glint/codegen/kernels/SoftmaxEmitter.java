package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.SoftmaxNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedSoftmax;
import java.util.Map;

/**
 * Softmax and log-softmax over one axis (or, with {@code coerce2d}, all trailing axes), per row:
 * maximum, sum of {@code exp(x - max)}, then {@code exp(x - max) / sum} or {@code x - max - log(sum)}.
 * Int8 softmax follows {@link QuantizedSoftmax}: the exponential table (built by the interpreter's own
 * code and placed in the constant region), an exact int32 sum, one float division per element.
 */
public final class SoftmaxEmitter implements KernelEmitter {
    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (!(node instanceof SoftmaxNode s)) {
            return null;
        }
        if (s.input(0).type().isQuantized()) {
            if (s.isLog()) {
                throw KernelSelector.unsupported(s, "LogSoftmax has no int8 implementation");
            }
            return new QuantizedSoftmaxKernel(s, new Requantizer(target.spec()));
        }
        ElementwiseEmitter.requireFloat(s);
        return new SimpleKernel("float " + s.op(), ctx -> floatSoftmax(ctx, s));
    }

    /** Rows of a softmax: {@code outer x inner} rows of {@code len} elements, {@code inner} apart. */
    private record Rows(long outer, long len, long inner) {
        static Rows of(SoftmaxNode node) {
            int[] xs = node.input(0).type().shape();
            int axis = node.axis();
            long outer = DataMovementEmitter.product(xs, 0, axis);
            long len = node.coerce2d() ? DataMovementEmitter.product(xs, axis, xs.length) : xs[axis];
            long inner = node.coerce2d() ? 1 : DataMovementEmitter.product(xs, axis + 1, xs.length);
            return new Rows(outer, len, inner);
        }

        /** Runs {@code body(base)} for each row, {@code base} the index of its first element. */
        void forEach(FunctionWriter f, java.util.function.Consumer<String> body) {
            f.loop("o", 0, outer, o -> f.loop("r", 0, inner, r -> body.accept(f.add("i64", f.mul("i64", o, Long.toString(len * inner)), r))));
        }

        String element(FunctionWriter f, String base, String j) {
            return f.madd(base, j, inner);
        }
    }

    private static void floatSoftmax(KernelContext ctx, SoftmaxNode node) {
        FunctionWriter f = ctx.f();
        Rows rows = Rows.of(node);
        String max = f.alloca("float", "max");
        String sum = f.alloca("float", "sum");
        rows.forEach(f, base -> {
            f.store("float", Ir.f32(Float.NEGATIVE_INFINITY), max);
            f.loop("j", 0, rows.len(), j -> {
                String x = Elements.loadFloat(f, ctx.input(0), rows.element(f, base, j));
                f.store("float", f.fIntrinsic("maximum", "float", f.load("float", max), x), max);
            });
            String m = f.load("float", max);
            f.store("float", Ir.f32(0f), sum);
            f.loop("j", 0, rows.len(), j -> {
                String d = f.fsub("float", Elements.loadFloat(f, ctx.input(0), rows.element(f, base, j)), m);
                f.store("float", f.fop("fadd", "reassoc", "float", f.load("float", sum), f.fIntrinsic("exp", "float", d)), sum);
            });
            String s = f.load("float", sum);
            String logSum = node.isLog() ? f.fIntrinsic("log", "float", s) : null;
            f.loop("j", 0, rows.len(), j -> {
                String index = rows.element(f, base, j);
                String d = f.fsub("float", Elements.loadFloat(f, ctx.input(0), index), m);
                String y = node.isLog() ? f.fsub("float", d, logSum) : f.fdiv("float", f.fIntrinsic("exp", "float", d), s);
                Elements.storeFloat(f, y, ctx.output(), index);
            });
        });
        f.retVoid();
    }

    private static final class QuantizedSoftmaxKernel implements Kernel {
        private final SoftmaxNode node;
        private final Requantizer rq;
        private final QuantRange xr;
        private final QuantRange yr;
        private final byte[] table;

        QuantizedSoftmaxKernel(SoftmaxNode node, Requantizer rq) {
            this.node = node;
            this.rq = rq;
            String what = "Softmax node '" + node.name() + "'";
            this.xr = QuantRange.of(node.input(0).type(), what);
            this.yr = QuantRange.of(node.type(), what);
            if (Rows.of(node).len() > QuantizedSoftmax.MAX_ROW) {
                throw new dev.glint.ir.GlintException(what + ": rows are too long for int8 softmax");
            }
            int[] t = QuantizedSoftmax.expTable(xr.scale(), xr.qmax() - xr.qmin() + 1);
            this.table = ConstantImage.encode(Tensor.ofInts(TensorType.of(ElemKind.INT32, t.length), t));
        }

        @Override
        public String description() {
            return "int8 softmax (exp table)";
        }

        @Override
        public Map<String, byte[]> constantBlobs() {
            return Map.of("exp", table);
        }

        @Override
        public void emit(KernelContext ctx) {
            FunctionWriter f = ctx.f();
            Rows rows = Rows.of(node);
            ElemKind kind = node.input(0).type().kind();
            String max = f.alloca("i32", "max");
            String sum = f.alloca("i32", "sum");
            String exp = ctx.blob("exp");
            rows.forEach(f, base -> {
                f.store("i32", Integer.toString(Integer.MIN_VALUE), max);
                f.loop("j", 0, rows.len(), j -> {
                    String q = Elements.loadInt(f, kind, ctx.input(0), rows.element(f, base, j));
                    f.store("i32", f.smax("i32", f.load("i32", max), q), max);
                });
                String m = f.load("i32", max);
                f.store("i32", "0", sum);
                f.loop("j", 0, rows.len(), j -> {
                    String e = tableEntry(f, exp, m, Elements.loadInt(f, kind, ctx.input(0), rows.element(f, base, j)));
                    f.store("i32", f.addWrap("i32", f.load("i32", sum), e), sum);
                });
                String denom = f.fmul("float", f.convert("sitofp", "i32", f.load("i32", sum), "float"), Ir.f32(yr.scale()));
                f.loop("j", 0, rows.len(), j -> {
                    String index = rows.element(f, base, j);
                    String e = tableEntry(f, exp, m, Elements.loadInt(f, kind, ctx.input(0), index));
                    String p = f.fdiv("float", f.convert("sitofp", "i32", e, "float"), denom);
                    String y = rq.roundClampOffset(f, "float", p, yr.offset(), yr.qmin(), yr.qmax());
                    Elements.storeInt(f, node.type().kind(), y, ctx.output(), index);
                });
            });
            f.retVoid();
        }

        /** {@code E[max - q]}. */
        private static String tableEntry(FunctionWriter f, String table, String max, String q) {
            String index = f.convert("zext", "i32", f.assign("d", "sub i32 " + max + ", " + q), "i64");
            return f.load("i32", f.gep("i32", table, index));
        }
    }
}
