package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.AveragePoolNode;
import dev.glint.ir.ops.GlobalMaxPoolNode;
import dev.glint.ir.ops.GlobalPoolNode;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.ops.PoolNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedPool;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Max and average pooling (1-D and 2-D windows) and the global pools, in float and int8. For each output
 * position the taps inside the input come from tables computed at compile time, so the window loops have
 * no bounds tests. Float max uses {@code llvm.maximum} (NaN propagates, as in the interpreter; an empty
 * window gives -inf). Int8 follows {@link QuantizedPool}: max takes the largest code then rescales (an
 * empty window gives the output's minimum); average sums {@code q - z_x} in int32 and requantizes with the
 * multiplier for the window's divisor, from a table indexed by the divisor.
 */
public final class PoolEmitter implements KernelEmitter {
    /** Window taps (or elements, for the global pools) a thread must get for the planes to be split. */
    private static final long MIN_TAPS_PER_THREAD = 1 << 15;

    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof PoolNode p) {
            int[] xs = p.input(0).type().shape();
            int[] os = p.type().shape();
            Window2d w = Window2d.of(p, p.geometry(), Arrays.copyOfRange(xs, 2, xs.length), Arrays.copyOfRange(os, 2, os.length));
            boolean quantized = p.input(0).type().isQuantized();
            if (!quantized) {
                ElementwiseEmitter.requireFloat(p);
            }
            String kind = (quantized ? "int8 " : "float ") + p.op() + " " + w.kernel[0] + "x" + w.kernel[1];
            Requantizer rq = quantized ? new Requantizer(target.spec()) : null;
            Kernel planes = new SimpleKernel(kind, ctx -> window(ctx, p, w, rq));
            if (p instanceof MaxPoolNode max && ChannelsLastMaxPoolKernel.supports(max)) {
                return new LayoutChoice(planes, Set.of(0), () -> new ChannelsLastMaxPoolKernel(max, w, rq));
            }
            return planes;
        }
        if (node instanceof GlobalPoolNode g) {
            boolean quantized = g.input(0).type().isQuantized();
            if (!quantized) {
                ElementwiseEmitter.requireFloat(g);
            }
            return new SimpleKernel((quantized ? "int8 " : "float ") + g.op(),
                    ctx -> global(ctx, g, quantized ? new Requantizer(target.spec()) : null));
        }
        return null;
    }

    private static void window(KernelContext ctx, PoolNode node, Window2d w, Requantizer rq) {
        WindowTables tables = new WindowTables(ctx, node, w);
        int[] xs = node.input(0).type().shape();
        long planes = (long) xs[0] * xs[1];
        int threads = ctx.threads().forWork(planes * w.outPlane() * w.taps(), MIN_TAPS_PER_THREAD);
        ParallelFor.ranges(ctx, threads, "planes", planes, List.of("ptr " + ctx.input(0), "ptr " + ctx.output()),
                (f, first, end, v) -> windowPlanes(f, node, w, tables, rq, first, end, v.get(0), v.get(1)));
        ctx.f().retVoid();
    }

    /** Each window's taps inside the input, per output row and column; with count_include_pad, the divisors. */
    private record WindowTables(String khLo, String khHi, String kwLo, String kwHi, String padH, String padW) {
        WindowTables(KernelContext ctx, PoolNode node, Window2d w) {
            this(table(ctx, node, ".kh.lo", w.tapsInside(0)[0]), table(ctx, node, ".kh.hi", w.tapsInside(0)[1]),
                    table(ctx, node, ".kw.lo", w.tapsInside(1)[0]), table(ctx, node, ".kw.hi", w.tapsInside(1)[1]),
                    includePad(node) ? table(ctx, node, ".ph", w.tapsInsidePadded(0)) : null,
                    includePad(node) ? table(ctx, node, ".pw", w.tapsInsidePadded(1)) : null);
        }

        private static String table(KernelContext ctx, PoolNode node, String suffix, long[] values) {
            return ctx.module().longTable(Ir.sanitize(node.name()) + suffix, values);
        }
    }

    private static boolean includePad(PoolNode node) {
        return node instanceof AveragePoolNode ap && ap.countIncludePad();
    }

    /** Planes {@code [first, end)} of the pool, reading {@code in} and writing {@code out}, into {@code f}. */
    private static void windowPlanes(FunctionWriter f, PoolNode node, Window2d w, WindowTables t, Requantizer rq,
            String first, String end, String in, String out) {
        boolean isMax = node instanceof MaxPoolNode;
        ElemKind kind = node.input(0).type().kind();
        Accumulator acc = rq == null ? new FloatAccumulator(f, isMax) : new IntAccumulator(f, node, isMax, w.taps(), false, rq);
        f.loop("plane", first, end, plane -> {
            String inBase = f.mul("i64", plane, Long.toString(w.inPlane()));
            String outBase = f.mul("i64", plane, Long.toString(w.outPlane()));
            f.loop("oh", 0, w.out[0], oh -> {
                String h0 = f.load("i64", f.gep("i64", t.khLo(), oh));
                String h1 = f.load("i64", f.gep("i64", t.khHi(), oh));
                String ihBase = f.sub("i64", f.mul("i64", oh, Long.toString(w.stride[0])), Long.toString(w.padBegin[0]));
                f.loop("ow", 0, w.out[1], ow -> {
                    String w0 = f.load("i64", f.gep("i64", t.kwLo(), ow));
                    String w1 = f.load("i64", f.gep("i64", t.kwHi(), ow));
                    String iwBase = f.sub("i64", f.mul("i64", ow, Long.toString(w.stride[1])), Long.toString(w.padBegin[1]));
                    acc.reset();
                    f.loop("kh", h0, h1, i -> {
                        String row = f.madd(inBase, f.madd(ihBase, i, w.dilation[0]), w.in[1]);
                        f.loop("kw", w0, w1, j -> acc.add(in, f.add("i64", row, f.madd(iwBase, j, w.dilation[1])), kind));
                    });
                    String inside = f.mul("i64", f.sub("i64", h1, h0), f.sub("i64", w1, w0));
                    String divisor = t.padH() != null ? f.mul("i64", f.load("i64", f.gep("i64", t.padH(), oh)),
                            f.load("i64", f.gep("i64", t.padW(), ow))) : inside;
                    acc.store(out, f.add("i64", outBase, f.madd(ow, oh, w.out[1])), inside, divisor);
                });
            });
        });
    }

    private static void global(KernelContext ctx, GlobalPoolNode node, Requantizer rq) {
        int[] xs = node.input(0).type().shape();
        long plane = DataMovementEmitter.product(xs, 2, xs.length);
        long planes = (long) xs[0] * xs[1];
        boolean isMax = node instanceof GlobalMaxPoolNode;
        int threads = ctx.threads().forWork(planes * plane, MIN_TAPS_PER_THREAD);
        ParallelFor.ranges(ctx, threads, "planes", planes, List.of("ptr " + ctx.input(0), "ptr " + ctx.output()), (f, first, end, v) -> {
            Accumulator acc = rq == null ? new FloatAccumulator(f, isMax) : new IntAccumulator(f, node, isMax, plane, true, rq);
            f.loop("plane", first, end, p -> {
                String base = f.mul("i64", p, Long.toString(plane));
                acc.reset();
                f.loop("i", 0, plane, i -> acc.add(v.get(0), f.add("i64", base, i), node.input(0).type().kind()));
                acc.store(v.get(1), p, Long.toString(plane), Long.toString(plane));
            });
        });
        ctx.f().retVoid();
    }

    /** One window's reduction: reset, add each element, store the result. */
    private interface Accumulator {
        void reset();

        void add(String base, String index, ElemKind kind);

        /** {@code inside}: elements added (i64); {@code divisor}: average pooling's divisor (i64). */
        void store(String out, String index, String inside, String divisor);
    }

    private static final class FloatAccumulator implements Accumulator {
        private final FunctionWriter f;
        private final boolean isMax;
        private final String slot;

        FloatAccumulator(FunctionWriter f, boolean isMax) {
            this.f = f;
            this.isMax = isMax;
            this.slot = f.alloca("float", isMax ? "max" : "sum");
        }

        @Override
        public void reset() {
            f.store("float", Ir.f32(isMax ? Float.NEGATIVE_INFINITY : 0f), slot);
        }

        @Override
        public void add(String base, String index, ElemKind kind) {
            String x = Elements.loadFloat(f, base, index);
            String v = f.load("float", slot);
            f.store("float", isMax ? f.fIntrinsic("maximum", "float", v, x) : f.fop("fadd", "reassoc", "float", v, x), slot);
        }

        @Override
        public void store(String out, String index, String inside, String divisor) {
            String v = f.load("float", slot);
            if (!isMax) {
                v = f.fdiv("float", v, f.convert("sitofp", "i64", divisor, "float"));
            }
            Elements.storeFloat(f, v, out, index);
        }
    }

    private static final class IntAccumulator implements Accumulator {
        private final FunctionWriter f;
        private final Node node;
        private final boolean isMax;
        private final Requantizer rq;
        private final QuantRange xr;
        private final QuantRange yr;
        private final String slot;
        private final String multipliers;
        private final String fixedMultiplier;
        private final String accType;

        /** {@code fixedDivisor}: every window has {@code maxDivisor} elements (global pooling). */
        IntAccumulator(FunctionWriter f, Node node, boolean isMax, long maxDivisor, boolean fixedDivisor, Requantizer rq) {
            this.f = f;
            this.node = node;
            this.isMax = isMax;
            this.rq = rq;
            String what = node.op() + " node '" + node.name() + "'";
            this.xr = QuantRange.of(node.input(0).type(), what);
            this.yr = QuantRange.of(node.type(), what);
            // sums of up to maxDivisor codes: int32 unless 16-bit codes over very large windows
            this.accType = isMax ? "i32" : Accumulation.type((double) maxDivisor * Accumulation.distance(node.input(0).type()));
            this.slot = f.alloca(accType, isMax ? "best" : "acc");
            this.fixedMultiplier = fixedDivisor
                    ? Ir.f32(QuantizedPool.averageMultiplier(xr.scale(), yr.scale(), (int) maxDivisor)) : null;
            if (isMax || fixedDivisor) {
                multipliers = null;
            } else {
                float[] m = new float[(int) maxDivisor + 1];
                for (int d = 0; d < m.length; d++) {
                    m[d] = QuantizedPool.averageMultiplier(xr.scale(), yr.scale(), d);
                }
                multipliers = f.module().floatTable(Ir.sanitize(node.name()) + ".mult", m);
            }
        }

        @Override
        public void reset() {
            f.store(accType, isMax ? Integer.toString(Integer.MIN_VALUE) : "0", slot);
        }

        @Override
        public void add(String base, String index, ElemKind kind) {
            String q = Elements.loadInt(f, kind, base, index);
            String v = f.load(accType, slot);
            if (isMax) {
                f.store(accType, f.smax("i32", v, q), slot);
            } else {
                String centered = Accumulation.widen(f, accType, f.addWrap("i32", q, Integer.toString(-xr.offset())));
                f.store(accType, f.addWrap(accType, v, centered), slot);
            }
        }

        @Override
        public void store(String out, String index, String inside, String divisor) {
            String v = f.load(accType, slot);
            String y;
            if (isMax) {
                boolean sameParams = xr.equals(yr) && node.input(0).type().kind() == node.type().kind();
                String rescaled = sameParams ? v : ElementwiseEmitter.rescale(f, rq, v, xr, yr);
                y = f.select(f.icmp("eq", "i64", inside, "0"), "i32", Integer.toString(yr.qmin()), rescaled);
            } else {
                String m = fixedMultiplier != null ? fixedMultiplier : f.load("float", f.gep("float", multipliers, divisor));
                y = rq.requantize(f, accType, v, m, yr.offset(), yr.qmin(), yr.qmax());
            }
            Elements.storeInt(f, node.type().kind(), y, out, index);
        }
    }
}
