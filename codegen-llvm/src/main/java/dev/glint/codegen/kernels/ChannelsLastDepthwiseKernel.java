package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.QuantParams;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Depthwise convolution on channels-last activations ({@code [n][h][w][c]} in and out), float or int8: the
 * form a depthwise layer takes between two channels-last matrix-product convolutions ({@link Layouts}).
 * Per output position ({@link #POSITIONS} at a time) the channels go in vectors, each taking every tap
 * (taps unrolled) before it is stored. Padding costs no copy: each tap reads either its input position or, outside the image, a
 * constant row of the padding value (zeros; for int8 the input's zero-point code), chosen once per
 * position for all channels. Weights are packed tap-major ({@code [tap][channel]}) so a tap's vector of
 * weights is contiguous; channels past the last whole vector are done one by one.
 *
 * <p>Float: {@code llvm.fmuladd} per tap, clamped when an activation is fused. Int8 equals the interpreter:
 * {@code bias + sum (x - z_x)(w - z_w)} in int32 (codes widened, weights centred at compile time; exact
 * where {@link DepthwiseConvKernel#supports} admits the layer), requantized per channel by
 * {@link Requantizer}.
 *
 * <p>With threads, the output rows (of every image) are split into ranges.
 */
final class ChannelsLastDepthwiseKernel extends PackedWeightsKernel {
    private final ConvNode node;
    private final Window2d window;
    private final int channels;
    private final int lanes;
    private final boolean quantized;
    private final Requantizer rq;
    /** The clamp of a fused activation (float only), or null. */
    private final float[] clamp;

    /**
     * Output positions computed together, each weight vector loaded serving all of them. One: four
     * measured no faster on MobileNetV2 (Zen 3, int8, 2 threads) and made its JIT compile 60 % slower
     * (the taps of every position are unrolled into each layer's code).
     */
    private static final int POSITIONS = 1;

    /** Taps beyond this are left to the channels-first kernels (the unrolled code would grow large). */
    static final int MAX_TAPS = 49;

    ChannelsLastDepthwiseKernel(ConvNode node, Window2d window, TargetSpec target, Requantizer rq) {
        this.node = node;
        this.window = window;
        this.channels = node.type().dim(1);
        this.quantized = node.input(0).type().isQuantized();
        this.rq = rq;
        this.lanes = quantized && target.isX86() && target.has("avx512f") && target.has("evex512") ? 16
                : FloatFmaArithmetic.forTarget(target).lanes() * (quantized && !target.isX86() ? 2 : 1);
        this.clamp = null;
        if (quantized) {
            packQuantized();
        } else {
            pack();
        }
    }

    private ChannelsLastDepthwiseKernel(ChannelsLastDepthwiseKernel unclamped, float lo, float hi) {
        this.node = unclamped.node;
        this.window = unclamped.window;
        this.channels = unclamped.channels;
        this.lanes = unclamped.lanes;
        this.quantized = false;
        this.rq = unclamped.rq;
        this.clamp = new float[] {lo, hi};
        this.blobs.putAll(unclamped.blobs);
    }

    /**
     * Whether a depthwise convolution the channels-first kernels handle ({@link DepthwiseConvKernel#supports})
     * can run here: 4-D, at most {@value #MAX_TAPS} taps.
     */
    static boolean supports(ConvNode node, Window2d window) {
        return node.input(0).type().rank() == 4 && DepthwiseConvKernel.supports(node) && window.taps() <= MAX_TAPS;
    }

    /** Centred weights as int32 {@code [tap][channel]}, bias, multipliers, and a row of the input's zero point. */
    private void packQuantized() {
        int taps = window.taps();
        int[] w = ((ConstantNode) node.input(1)).value().ints();
        int[] b = node.hasBias() ? ((ConstantNode) node.input(2)).value().ints() : null;
        QuantParams qw = node.input(1).type().quant();
        ByteBuffer weights = little(taps * channels * 4);
        for (int t = 0; t < taps; t++) {
            for (int c = 0; c < channels; c++) {
                weights.putInt(w[c * taps + t] - qw.offset(qw.isPerTensor() ? 0 : c));
            }
        }
        ByteBuffer bias = little(channels * 4);
        ByteBuffer mult = little(channels * 4);
        float[] m = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), channels);
        for (int c = 0; c < channels; c++) {
            bias.putInt(b == null ? 0 : b[c]);
            mult.putFloat(m[c]);
        }
        byte[] padding = new byte[channels];
        java.util.Arrays.fill(padding, (byte) node.input(0).type().quant().offset());
        blobs.put("weights", weights.array());
        blobs.put("bias", bias.array());
        blobs.put("zeros", padding);
        blobs.put("multipliers", mult.array());
    }

    private void pack() {
        int taps = window.taps();
        float[] w = ((ConstantNode) node.input(1)).value().floats();
        float[] b = node.hasBias() ? ((ConstantNode) node.input(2)).value().floats() : null;
        ByteBuffer weights = little(taps * channels * 4);
        for (int t = 0; t < taps; t++) {
            for (int c = 0; c < channels; c++) {
                weights.putFloat(w[c * taps + t]);
            }
        }
        ByteBuffer bias = little(channels * 4);
        for (int c = 0; c < channels; c++) {
            bias.putFloat(b == null ? 0f : b[c]);
        }
        blobs.put("weights", weights.array());
        blobs.put("bias", bias.array());
        blobs.put("zeros", new byte[channels * 4]);
    }

    @Override
    public String description() {
        Window2d w = window;
        return (quantized ? "int8" : "float") + " depthwise conv " + w.kernel[0] + "x" + w.kernel[1] + " stride " + w.stride[0] + "x" + w.stride[1]
                + ", channels-last, " + lanes + " lanes" + (clamp == null ? "" : ", clamped to [" + clamp[0] + ", " + clamp[1] + "]");
    }

    @Override
    public Kernel withActivation(float lo, float hi) {
        return clamp == null && !quantized ? new ChannelsLastDepthwiseKernel(this, lo, hi) : null;
    }

    @Override
    public void emit(KernelContext ctx) {
        Window2d w = window;
        long rows = (long) node.type().dim(0) * w.out[0];
        int parts = ctx.threads().forWork(rows * w.out[1] * channels * w.taps(), DepthwiseConvKernel.MIN_MACS_PER_THREAD);
        List<String> captured = List.of("ptr " + ctx.input(0), "ptr " + ctx.output(), "ptr " + ctx.blob("weights"),
                "ptr " + ctx.blob("bias"), "ptr " + ctx.blob("zeros"),
                "ptr " + (quantized ? ctx.blob("multipliers") : ctx.blob("bias")));
        ParallelFor.ranges(ctx, parts, "rows", rows, captured, (f, from, to, v) ->
                f.loop("row", from, to, LoopHints.KEEP, row -> emitRow(f, row, v)));
        ctx.f().retVoid();
    }

    /** Output row {@code row} (image-major over all images): every position, every channel. */
    private void emitRow(FunctionWriter f, String row, List<String> v) {
        Window2d w = window;
        String n = f.assign("n", "udiv i64 " + row + ", " + w.out[0]);
        String oh = f.sub("i64", row, f.mul("i64", n, Integer.toString(w.out[0])));
        long groups = w.out[1] / POSITIONS;
        f.loop("owg", 0, groups, LoopHints.KEEP,
                g -> positions(f, v, n, oh, row, f.mul("i64", g, Integer.toString(POSITIONS)), POSITIONS));
        if (groups * POSITIONS < w.out[1]) {
            f.loop("ow", groups * POSITIONS, w.out[1], LoopHints.KEEP, ow -> positions(f, v, n, oh, row, ow, 1));
        }
    }

    /** Output positions {@code [ow0, ow0 + count)} of row {@code row}, every channel. */
    private void positions(FunctionWriter f, List<String> v, String n, String oh, String row, String ow0, int count) {
        Window2d w = window;
        String image = f.mul("i64", n, Long.toString(w.inPlane()));
        List<List<String>> taps = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            String ow = f.add("i64", ow0, Integer.toString(p));
            List<String> pointers = new ArrayList<>();
            for (int kh = 0; kh < w.kernel[0]; kh++) {
                String ih = f.add("i64", f.mul("i64", oh, Integer.toString(w.stride[0])),
                        Integer.toString(kh * w.dilation[0] - w.padBegin[0]));
                // unsigned: a row above the image wraps to a large value and fails the test too
                String rowInside = f.icmp("ult", "i64", ih, Integer.toString(w.in[0]));
                for (int kw = 0; kw < w.kernel[1]; kw++) {
                    String iw = f.add("i64", f.mul("i64", ow, Integer.toString(w.stride[1])),
                            Integer.toString(kw * w.dilation[1] - w.padBegin[1]));
                    String inside = f.assign("in", "and i1 " + rowInside + ", "
                            + f.icmp("ult", "i64", iw, Integer.toString(w.in[1])));
                    String position = f.add("i64", image, f.madd(iw, ih, w.in[1]));
                    String at = f.gep(element(), v.get(0), f.mul("i64", position, Integer.toString(channels)));
                    pointers.add(f.select(inside, "ptr", at, v.get(4)));
                }
            }
            taps.add(pointers);
            String position = f.madd(ow, row, w.out[1]);
            outs.add(f.gep(element(), v.get(1), f.mul("i64", position, Integer.toString(channels))));
        }
        int vectors = channels / lanes;
        // hand-vectorized: LLVM is not to unroll or vectorize these again (that only grows the code)
        f.loop("cv", 0, vectors, LoopHints.KEEP, cv -> {
            String c = f.mul("i64", cv, Integer.toString(lanes));
            store(f, lanes, channels(f, lanes, taps, v, c), outs, c);
        });
        f.loop("c", (long) vectors * lanes, channels, LoopHints.KEEP, c -> store(f, 0, channels(f, 0, taps, v, c), outs, c));
    }

    private void store(FunctionWriter f, int lanes, List<String> results, List<String> outs, String c) {
        for (int p = 0; p < results.size(); p++) {
            f.store(type(lanes, element()), results.get(p), f.gep(element(), outs.get(p), c), 1);
        }
    }

    /** The activations' element type. */
    private String element() {
        return quantized ? "i8" : "float";
    }

    /** {@code <lanes x elem>}, or {@code elem} itself for 0 lanes. */
    private static String type(int lanes, String elem) {
        return lanes == 0 ? elem : Ir.vec(lanes, elem);
    }

    /**
     * The results of channels {@code [c, c + lanes)} (one channel for 0 lanes) at each position whose tap
     * pointers {@code taps} holds: bias plus every tap, clamped (float) or requantized and narrowed (int8).
     * Each tap's weights are loaded once for all the positions; each position's sum runs in tap order.
     */
    private List<String> channels(FunctionWriter f, int lanes, List<List<String>> taps, List<String> v, String c) {
        String type = type(lanes, quantized ? "i32" : "float");
        String narrow = type(lanes, element());
        String extension = node.input(0).type().kind() == ElemKind.UINT8 ? "zext" : "sext";
        String zero = null;
        if (quantized) {
            String zx = Integer.toString(node.input(0).type().quant().offset());
            zero = lanes == 0 ? zx : f.broadcast(type, zx);
        }
        String bias = f.load(type, f.gep(quantized ? "i32" : "float", v.get(3), c), 4);
        List<String> acc = new ArrayList<>(java.util.Collections.nCopies(taps.size(), bias));
        for (int t = 0; t < taps.get(0).size(); t++) {
            String weight = f.load(type, f.gep(quantized ? "i32" : "float", v.get(2),
                    f.add("i64", c, Long.toString((long) t * channels))), 4);
            for (int p = 0; p < taps.size(); p++) {
                String x = f.load(narrow, f.gep(element(), taps.get(p).get(t), c), quantized ? 1 : 4);
                if (quantized) {
                    String centred = f.sub(type, f.convert(extension, narrow, x, type), zero);
                    acc.set(p, f.addWrap(type, acc.get(p), f.mulWrap(type, centred, weight)));
                } else {
                    acc.set(p, f.call(type, "llvm.fmuladd." + Ir.intrinsicSuffix(type), type + " " + x,
                            type + " " + weight, type + " " + acc.get(p)));
                }
            }
        }
        List<String> results = new ArrayList<>();
        for (String sum : acc) {
            results.add(quantized ? requantized(f, lanes, sum, v, c) : clamped(f, type, sum));
        }
        return results;
    }

    private String clamped(FunctionWriter f, String type, String acc) {
        if (clamp == null) {
            return acc;
        }
        String lo = type.equals("float") ? Ir.f32(clamp[0]) : f.broadcast(type, Ir.f32(clamp[0]));
        String hi = type.equals("float") ? Ir.f32(clamp[1]) : f.broadcast(type, Ir.f32(clamp[1]));
        return f.fIntrinsic("minimum", type, f.fIntrinsic("maximum", type, acc, lo), hi);
    }

    private String requantized(FunctionWriter f, int lanes, String acc, List<String> v, String c) {
        String wide = type(lanes, "i32");
        String mult = f.load(type(lanes, "float"), f.gep("float", v.get(5), c), 4);
        QuantRange yr = QuantRange.of(node.type(), "Conv node '" + node.name() + "'");
        String y = rq.requantize(f, wide, acc, mult, yr.offset(), yr.qmin(), yr.qmax());
        return f.convert("trunc", wide, y, type(lanes, "i8"));
    }
}
