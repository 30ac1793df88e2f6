package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.util.Arrays;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * 1-D and 2-D grouped convolution with any stride, padding and dilation. The loop nest runs, per output
 * channel, over input channels and kernel taps, and innermost over the output positions that the tap sees
 * inside the input (ranges precomputed per tap, so no bounds test is left in the inner loop, which reads
 * the input with the stride and writes the output contiguously — the shape the loop vectorizer wants).
 * Float accumulates into the output (FMA contraction allowed); with constant weights, float convolutions
 * run as indirect matrix products instead ({@link FloatIndirectGemmKernel}). Int8 accumulates {@code (x - z_x)(w - z_w)}
 * in an int32 scratch plane, then requantizes it per {@link QuantizedConv}. On targets with an int8 dot
 * product instruction, int8 convolutions with constant, symmetric weights use {@link DotProductKernel}.
 */
public final class ConvEmitter implements KernelEmitter {
    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (!(node instanceof ConvNode conv)) {
            return null;
        }
        TensorType x = conv.input(0).type();
        int[] xs = x.shape();
        int[] os = conv.type().shape();
        Window2d w = Window2d.of(conv, conv.geometry(), Arrays.copyOfRange(xs, 2, xs.length),
                Arrays.copyOfRange(os, 2, os.length));
        if (x.isQuantized()) {
            checkWeights(conv);
            if (target.useDotProduct(conv.type().dim(1) / conv.group()) && DotProductKernel.supports(conv)) {
                return DotProductKernel.create(MatrixView.conv(conv, w), target.dotProduct(), new Requantizer(target.spec()));
            }
            if (DepthwiseConvKernel.supports(conv) && DepthwiseConvKernel.worthwhile(w)) {
                return depthwise(conv, w, target, new DepthwiseConvKernel(conv, w, target.spec(),
                        new Requantizer(target.spec()), target.threads()));
            }
            return depthwise(conv, w, target, new QuantizedConvKernel(conv, w, new Requantizer(target.spec())));
        }
        ElementwiseEmitter.requireFloat(conv);
        if (FloatIndirectGemmKernel.supports(conv)
                && FloatIndirectGemmKernel.worthwhile(conv.type().dim(1) / conv.group(), target.spec())) {
            return new FloatIndirectGemmKernel(MatrixView.conv(conv, w), target.spec());
        }
        if (DepthwiseConvKernel.supports(conv) && DepthwiseConvKernel.worthwhile(w)) {
            return depthwise(conv, w, target, new DepthwiseConvKernel(conv, w, target.spec(),
                    new Requantizer(target.spec()), target.threads()));
        }
        return depthwise(conv, w, target, new FloatConvKernel(conv, w));
    }

    /**
     * {@code channelsFirst}, or for a depthwise convolution {@link ChannelsLastDepthwiseKernel} can take,
     * a {@link LayoutChoice} that becomes that kernel between channels-last layers.
     */
    private static Kernel depthwise(ConvNode conv, Window2d w, KernelTarget target, Kernel channelsFirst) {
        if (!ChannelsLastDepthwiseKernel.supports(conv, w)) {
            return channelsFirst;
        }
        return new LayoutChoice(channelsFirst, Set.of(0),
                () -> new ChannelsLastDepthwiseKernel(conv, w, target.spec(), new Requantizer(target.spec())));
    }

    static void checkWeights(Node node) {
        QuantParams q = node.input(1).type().quant();
        if (q == null || !(q.isPerTensor() || q.axis() == 0)) {
            throw new GlintException(node.op() + " node '" + node.name()
                    + "': weights must be quantized per tensor or per output channel, got " + node.input(1).type());
        }
        if (node.numInputs() == 3 && node.input(2).type().kind() != ElemKind.INT32) {
            throw new GlintException(node.op() + " node '" + node.name() + "': int8 bias must be i32, got "
                    + node.input(2).type());
        }
    }

    /** The per-tap loop nest shared by the float and int8 kernels. */
    private static final class TapLoops {
        final ConvNode node;
        final Window2d w;
        final int batch;
        final int cin;
        final int cout;
        final int cinPerGroup;
        final int coutPerGroup;

        TapLoops(ConvNode node, Window2d w) {
            this.node = node;
            this.w = w;
            int[] xs = node.input(0).type().shape();
            int[] ws = node.input(1).type().shape();
            batch = xs[0];
            cin = xs[1];
            cout = ws[0];
            cinPerGroup = ws[1];
            coutPerGroup = cout / node.group();
        }

        /**
         * For every (n, group, output channel): {@code perChannel(n, oc, tapLoops)} brackets the loops over
         * input channels and taps; the tap body gets the weight index once per tap, then per output the
         * input index and the output index within the plane.
         */
        void emit(FunctionWriter f, ChannelBody perChannel, TapBody tap) {
            String name = Ir.sanitize(node.name());
            long inPlane = w.inPlane();
            f.loop("n", 0, batch, n -> f.loop("g", 0, node.group(), g -> f.loop("m", 0, coutPerGroup, m -> {
                String oc = f.madd(m, g, coutPerGroup);
                perChannel.accept(n, oc, () -> f.loop("c", 0, cinPerGroup, c -> {
                    String channel = f.madd(f.madd(c, g, cinPerGroup), n, cin);
                    String inBase = f.mul("i64", channel, Long.toString(inPlane));
                    String wBase = f.mul("i64", f.madd(c, oc, cinPerGroup), Long.toString(w.taps()));
                    w.emitTapLoops(f, name, new Window2d.TapVisitor() {
                        @Override
                        public void tap(String kh, String kw) {
                            tap.begin(f.madd(f.add("i64", wBase, kw), kh, w.kernel[1]), oc);
                        }

                        @Override
                        public void inside(String oh, String ow, String ih, String iw) {
                            tap.accept(f.add("i64", f.madd(inBase, ih, w.in[1]), iw), f.madd(ow, oh, w.out[1]));
                        }
                    });
                }));
            })));
        }
    }

    /** Wraps the channel's tap loops: initialise before, finish after. */
    @FunctionalInterface
    interface ChannelBody {
        void accept(String n, String oc, Runnable tapLoops);
    }

    /** The innermost statement: {@code begin} once per tap (load the weight), {@code accept} per output. */
    interface TapBody extends BiConsumer<String, String> {
        void begin(String weightIndex, String oc);
    }

    /** Float convolution, accumulating into the output plane. */
    private static final class FloatConvKernel implements Kernel {
        private final ConvNode node;
        private final TapLoops loops;

        FloatConvKernel(ConvNode node, Window2d w) {
            this.node = node;
            this.loops = new TapLoops(node, w);
        }

        @Override
        public String description() {
            return "float conv " + loops.w.kernel[0] + "x" + loops.w.kernel[1] + (node.group() > 1 ? " group " + node.group() : "");
        }

        @Override
        public void emit(KernelContext ctx) {
            FunctionWriter f = ctx.f();
            long outPlane = loops.w.outPlane();
            String[] outBase = new String[1];
            String[] weight = new String[1];
            loops.emit(f, (n, oc, taps) -> {
                outBase[0] = f.mul("i64", f.madd(oc, n, loops.cout), Long.toString(outPlane));
                String out = f.gep("float", ctx.output(), outBase[0]);
                String bias = node.hasBias() ? Elements.loadFloat(f, ctx.input(2), oc) : Ir.f32(0f);
                f.loop("p", 0, outPlane, p -> Elements.storeFloat(f, bias, out, p));
                taps.run();
            }, new TapBody() {
                @Override
                public void begin(String weightIndex, String oc) {
                    weight[0] = Elements.loadFloat(f, ctx.input(1), weightIndex);
                }

                @Override
                public void accept(String in, String outIndex) {
                    String y = f.gep("float", ctx.output(), f.add("i64", outBase[0], outIndex));
                    String x = Elements.loadFloat(f, ctx.input(0), in);
                    String prod = f.fop("fmul", "contract", "float", weight[0], x);
                    f.store("float", f.fop("fadd", "contract", "float", f.load("float", y), prod), y);
                }
            });
            f.retVoid();
        }
    }

    /**
     * Portable int8 convolution: exact accumulation in a scratch plane (int32 when provably exact, else
     * int64), then requantization per channel — or, for a raw {@code i32} output (ONNX ConvInteger), the
     * accumulators themselves.
     */
    private static final class QuantizedConvKernel implements Kernel {
        private final ConvNode node;
        private final TapLoops loops;
        private final Requantizer rq;
        private final String accType;

        QuantizedConvKernel(ConvNode node, Window2d w, Requantizer rq) {
            this.node = node;
            this.loops = new TapLoops(node, w);
            this.rq = rq;
            this.accType = Accumulation.type(Accumulation.productSumBound(node, loops.cout,
                    (long) loops.cinPerGroup * w.taps()));
        }

        @Override
        public String description() {
            return "int8 conv " + loops.w.kernel[0] + "x" + loops.w.kernel[1]
                    + (node.group() > 1 ? " group " + node.group() : "") + " (portable, " + accType + " sums"
                    + (QuantizedConv.isRawAccumulator(node.type()) ? ", raw output)" : ")");
        }

        @Override
        public long scratchBytes() {
            return (accType.equals("i32") ? 4L : 8L) * loops.w.outPlane();
        }

        @Override
        public void emit(KernelContext ctx) {
            FunctionWriter f = ctx.f();
            String what = "Conv node '" + node.name() + "'";
            TensorType xt = node.input(0).type();
            TensorType wt = node.input(1).type();
            QuantRange xr = QuantRange.of(xt, what);
            boolean raw = QuantizedConv.isRawAccumulator(node.type());
            QuantRange yr = raw ? null : QuantRange.of(node.type(), what);
            String mult = raw ? null : ctx.module().floatTable(Ir.sanitize(node.name()) + ".mult",
                    QuantizedConv.multipliers(xt, wt, node.type(), loops.cout));
            String zw = weightOffsets(ctx, node, loops.cout);
            long outPlane = loops.w.outPlane();
            String acc = ctx.scratch();
            String[] weight = new String[1];
            loops.emit(f, (n, oc, taps) -> {
                String bias = node.hasBias() ? Elements.loadInt(f, ElemKind.INT32, ctx.input(2), oc) : "0";
                String init = Accumulation.widen(f, accType, bias);
                f.loop("p", 0, outPlane, p -> f.store(accType, init, f.gep(accType, acc, p)));
                taps.run();
                String outBase = f.mul("i64", f.madd(oc, n, loops.cout), Long.toString(outPlane));
                String multiplier = raw ? null : f.load("float", f.gep("float", mult, oc));
                f.loop("q", 0, outPlane, p -> {
                    String a = f.load(accType, f.gep(accType, acc, p));
                    String y = raw ? Accumulation.toInt32(f, accType, a)
                            : rq.requantize(f, accType, a, multiplier, yr.offset(), yr.qmin(), yr.qmax());
                    Elements.storeInt(f, node.type().kind(), y, ctx.output(), f.add("i64", outBase, p));
                });
            }, new TapBody() {
                @Override
                public void begin(String weightIndex, String oc) {
                    String wq = Elements.loadInt(f, wt.kind(), ctx.input(1), weightIndex);
                    String z = f.load("i32", f.gep("i32", zw, oc));
                    weight[0] = f.assign("wc", "sub i32 " + wq + ", " + z);
                }

                @Override
                public void accept(String in, String outIndex) {
                    String x = Elements.loadInt(f, xt.kind(), ctx.input(0), in);
                    String xc = xr.offset() == 0 ? x : f.addWrap("i32", x, Integer.toString(-xr.offset()));
                    String slot = f.gep(accType, acc, outIndex);
                    String sum = f.addWrap(accType, f.load(accType, slot), Accumulation.product(f, accType, xc, weight[0]));
                    f.store(accType, sum, slot);
                }
            });
            f.retVoid();
        }
    }

    /** A table of the per-output-channel weight offsets (one entry per channel, even per tensor). */
    static String weightOffsets(KernelContext ctx, Node node, int channels) {
        QuantParams q = node.input(1).type().quant();
        long[] z = new long[channels];
        for (int c = 0; c < channels; c++) {
            z[c] = q.offset(q.isPerTensor() ? 0 : c);
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        for (long v : z) {
            values.add(Long.toString(v));
        }
        return ctx.module().constantTable(Ir.sanitize(node.name()) + ".zw", "i32", values);
    }
}
