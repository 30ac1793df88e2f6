package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.ops.ConvNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Float depthwise convolution on channels-last activations ({@code [n][h][w][c]} in and out), the form a
 * depthwise layer takes between two channels-last matrix-product convolutions ({@link Layouts}). Per
 * output position the channels go in vectors, each vector taking every tap ({@code llvm.fmuladd}, taps
 * unrolled) before it is stored, clamped when an activation is fused. Padding costs no copy: each tap reads
 * either its input position or, outside the image, a constant row of zeros, chosen once per position for
 * all channels. Weights are packed tap-major ({@code [tap][channel]}) so a tap's vector of weights is
 * contiguous; channels past the last whole vector are done one by one.
 *
 * <p>With threads, the output rows (of every image) are split into ranges.
 */
final class ChannelsLastDepthwiseKernel extends PackedWeightsKernel {
    private final ConvNode node;
    private final Window2d window;
    private final int channels;
    private final int lanes;
    /** The clamp of a fused activation, or null. */
    private final float[] clamp;

    /** Taps beyond this are left to the channels-first kernels (the unrolled code would grow large). */
    static final int MAX_TAPS = 49;

    ChannelsLastDepthwiseKernel(ConvNode node, Window2d window, TargetSpec target) {
        this.node = node;
        this.window = window;
        this.channels = node.type().dim(1);
        this.lanes = FloatFmaArithmetic.forTarget(target).lanes();
        this.clamp = null;
        pack();
    }

    private ChannelsLastDepthwiseKernel(ChannelsLastDepthwiseKernel unclamped, float lo, float hi) {
        this.node = unclamped.node;
        this.window = unclamped.window;
        this.channels = unclamped.channels;
        this.lanes = unclamped.lanes;
        this.clamp = new float[] {lo, hi};
        this.blobs.putAll(unclamped.blobs);
    }

    /**
     * Whether a depthwise convolution the channels-first kernels handle ({@link DepthwiseConvKernel#supports})
     * can run here: float, 4-D, at most {@value #MAX_TAPS} taps.
     */
    static boolean supports(ConvNode node, Window2d window) {
        return node.input(0).type().kind() == ElemKind.FLOAT32 && node.input(0).type().rank() == 4
                && DepthwiseConvKernel.supports(node) && window.taps() <= MAX_TAPS;
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
        return "float depthwise conv " + w.kernel[0] + "x" + w.kernel[1] + " stride " + w.stride[0] + "x" + w.stride[1]
                + ", channels-last, " + lanes + " lanes" + (clamp == null ? "" : ", clamped to [" + clamp[0] + ", " + clamp[1] + "]");
    }

    @Override
    public Kernel withActivation(float lo, float hi) {
        return clamp == null ? new ChannelsLastDepthwiseKernel(this, lo, hi) : null;
    }

    @Override
    public void emit(KernelContext ctx) {
        Window2d w = window;
        long rows = (long) node.type().dim(0) * w.out[0];
        int parts = ctx.threads().forWork(rows * w.out[1] * channels * w.taps(), DepthwiseConvKernel.MIN_MACS_PER_THREAD);
        List<String> captured = List.of("ptr " + ctx.input(0), "ptr " + ctx.output(), "ptr " + ctx.blob("weights"),
                "ptr " + ctx.blob("bias"), "ptr " + ctx.blob("zeros"));
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
                    String at = f.gep("float", in, f.mul("i64", position, Integer.toString(channels)));
                    taps.add(f.select(inside, "ptr", at, v.get(4)));
                }
            }
            String position = f.madd(ow, row, w.out[1]);
            String to = f.gep("float", out, f.mul("i64", position, Integer.toString(channels)));
            int vectors = channels / lanes;
            String vt = Ir.vec(lanes, "float");
            f.loop("cv", 0, vectors, cv -> {
                String c = f.mul("i64", cv, Integer.toString(lanes));
                f.store(vt, channel(f, vt, taps, v, c), f.gep("float", to, c), 4);
            });
            f.loop("c", (long) vectors * lanes, channels, c -> f.store("float", channel(f, "float", taps, v, c),
                    f.gep("float", to, c), 4));
        });
    }

    /** The result of channels {@code [c, c + lanes of type)} at one position: bias plus every tap, clamped. */
    private String channel(FunctionWriter f, String type, List<String> taps, List<String> v, String c) {
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
}
