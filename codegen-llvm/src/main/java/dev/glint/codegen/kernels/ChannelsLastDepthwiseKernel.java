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
 * Per output position the channels go in vectors, each vector taking every tap (taps unrolled) before it
 * is stored. Padding costs no copy: each tap reads either its input position or, outside the image, a
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
        String in = v.get(0);
        String out = v.get(1);
        String n = f.assign("n", "udiv i64 " + row + ", " + w.out[0]);
        String oh = f.sub("i64", row, f.mul("i64", n, Integer.toString(w.out[0])));
        String image = f.mul("i64", n, Long.toString(w.inPlane()));
        f.loop("ow", 0, w.out[1], LoopHints.KEEP, ow -> {
            List<String> taps = new ArrayList<>();
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
                    String at = f.gep(element(), in, f.mul("i64", position, Integer.toString(channels)));
                    taps.add(f.select(inside, "ptr", at, v.get(4)));
                }
            }
            String position = f.madd(ow, row, w.out[1]);
            String to = f.gep(element(), out, f.mul("i64", position, Integer.toString(channels)));
            int vectors = channels / lanes;
            f.loop("cv", 0, vectors, cv -> {
                String c = f.mul("i64", cv, Integer.toString(lanes));
                f.store(Ir.vec(lanes, element()), channel(f, lanes, taps, v, c), f.gep(element(), to, c), 1);
            });
            f.loop("c", (long) vectors * lanes, channels, c -> f.store(element(), channel(f, 0, taps, v, c),
                    f.gep(element(), to, c), 1));
        });
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
     * The result of channels {@code [c, c + lanes)} (one channel for 0 lanes) at one position: bias plus
     * every tap, clamped (float) or requantized and narrowed (int8).
     */
    private String channel(FunctionWriter f, int lanes, List<String> taps, List<String> v, String c) {
        if (quantized) {
            return quantizedChannel(f, lanes, taps, v, c);
        }
        String type = type(lanes, "float");
        String acc = f.load(type, f.gep("float", v.get(3), c), 4);
        for (int t = 0; t < taps.size(); t++) {
            String x = f.load(type, f.gep("float", taps.get(t), c), 4);
            String wt = f.load(type, f.gep("float", v.get(2), f.add("i64", c, Long.toString((long) t * channels))), 4);
            acc = f.call(type, "llvm.fmuladd." + Ir.intrinsicSuffix(type), type + " " + x, type + " " + wt, type + " " + acc);
        }
        if (clamp == null) {
            return acc;
        }
        String lo = type.equals("float") ? Ir.f32(clamp[0]) : f.broadcast(type, Ir.f32(clamp[0]));
        String hi = type.equals("float") ? Ir.f32(clamp[1]) : f.broadcast(type, Ir.f32(clamp[1]));
        return f.fIntrinsic("minimum", type, f.fIntrinsic("maximum", type, acc, lo), hi);
    }

    private String quantizedChannel(FunctionWriter f, int lanes, List<String> taps, List<String> v, String c) {
        String wide = type(lanes, "i32");
        String narrow = type(lanes, "i8");
        String extension = node.input(0).type().kind() == ElemKind.UINT8 ? "zext" : "sext";
        int zx = node.input(0).type().quant().offset();
        String zero = lanes == 0 ? Integer.toString(zx) : f.broadcast(wide, Integer.toString(zx));
        String acc = f.load(wide, f.gep("i32", v.get(3), c), 4);
        for (int t = 0; t < taps.size(); t++) {
            String x = f.convert(extension, narrow, f.load(narrow, f.gep("i8", taps.get(t), c), 1), wide);
            String wt = f.load(wide, f.gep("i32", v.get(2), f.add("i64", c, Long.toString((long) t * channels))), 4);
            acc = f.addWrap(wide, acc, f.mulWrap(wide, f.sub(wide, x, zero), wt));
        }
        String mult = f.load(type(lanes, "float"), f.gep("float", v.get(5), c), 4);
        QuantRange yr = QuantRange.of(node.type(), "Conv node '" + node.name() + "'");
        String y = rq.requantize(f, wide, acc, mult, yr.offset(), yr.qmin(), yr.qmax());
        return f.convert("trunc", wide, y, narrow);
    }
}
