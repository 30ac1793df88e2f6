package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
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
 * Per output position the channels go in vectors, each taking every tap (taps unrolled) before it is
 * stored. Padding costs no copy: each tap reads either its input position or, outside the image, a
 * constant row of the padding value (zeros; for int8 the input's zero-point code), chosen once per
 * position for all channels. Weights are packed tap-major ({@code [tap][channel]}) so a tap's vector of
 * weights is contiguous; channels past the last whole vector are done one by one.
 *
 * <p>Float: {@code llvm.fmuladd} per tap, clamped when an activation is fused. Int8 equals the interpreter:
 * {@code bias + sum (x - z_x)(w - z_w)} in int32 (codes widened, weights centred and the input offset's
 * share folded into the start value at compile time; exact where {@link DepthwiseConvKernel#supports}
 * admits the layer), requantized per channel by {@link Requantizer}. On x86 with AVX2 (no AVX-512), whole
 * blocks of 16 channels take two taps per {@code vpmaddwd} instead ({@link DepthwiseTapPairs}; int8
 * MobileNetV2's depthwise layers went from 24 % to 14 % of its time on Zen 3, bit for bit the same).
 *
 * <p>The code lives in one internal function per window shape, element types and clamp, shared by every
 * layer of a module with that window (geometry, offsets and ranges are its arguments); each layer calls
 * it for ranges of output rows (of every image), split between threads when there are several.
 * (Computing four positions per weight load measured no faster on MobileNetV2, Zen 3, int8.)
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
    /** Whether whole blocks of 16 channels take two taps per {@code vpmaddwd} (int8 on AVX2: {@link DepthwiseTapPairs}). */
    private final boolean tapPairs;

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
        this.tapPairs = quantized && target.isX86() && target.has("avx2") && lanes == 8
                && channels >= DepthwiseTapPairs.CHANNELS;
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
        this.tapPairs = false;
        this.blobs.putAll(unclamped.blobs);
    }

    /**
     * Whether a depthwise convolution the channels-first kernels handle ({@link DepthwiseConvKernel#supports})
     * can run here: 4-D, at most {@value #MAX_TAPS} taps.
     */
    static boolean supports(ConvNode node, Window2d window) {
        return node.input(0).type().rank() == 4 && DepthwiseConvKernel.supports(node) && window.taps() <= MAX_TAPS;
    }

    /**
     * Centred weights as int32 {@code [tap][channel]}; per channel {@code bias - z_x * sum_t (w_t - z_w)}, so
     * that the kernel multiplies the codes as they are: {@code bias + sum (x - z_x)(w - z_w)} equals
     * {@code (bias - z_x sum (w - z_w)) + sum x (w - z_w)} modulo 2^32 (Java's int arithmetic wraps as the
     * kernel's does), and the true sum fits int32 where the kernel is chosen, so the result is exact; a
     * padding tap reads {@code z_x} and adds {@code z_x (w - z_w)}, which the start value takes back.
     * Also the multipliers and a row of the input's zero point; with tap pairs, the weights of whole blocks
     * as {@link DepthwiseTapPairs} packs them, and start values and multipliers in its block order.
     */
    private void packQuantized() {
        int taps = window.taps();
        int[] w = ((ConstantNode) node.input(1)).value().ints();
        int[] b = node.hasBias() ? ((ConstantNode) node.input(2)).value().ints() : null;
        QuantParams qw = node.input(1).type().quant();
        int zx = node.input(0).type().quant().offset();
        ByteBuffer weights = little(taps * channels * 4);
        int[] centred = new int[taps * channels];
        int[] start = new int[channels];
        for (int c = 0; c < channels; c++) {
            start[c] = b == null ? 0 : b[c];
        }
        for (int t = 0; t < taps; t++) {
            for (int c = 0; c < channels; c++) {
                int v = w[c * taps + t] - qw.offset(qw.isPerTensor() ? 0 : c);
                centred[t * channels + c] = v;
                weights.putInt(v);
                start[c] -= zx * v;
            }
        }
        ByteBuffer bias = little(channels * 4);
        ByteBuffer mult = little(channels * 4);
        float[] m = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), channels);
        for (int i = 0; i < channels; i++) {
            int c = tapPairs ? DepthwiseTapPairs.blockOrder(i, channels) : i;
            bias.putInt(start[c]);
            mult.putFloat(m[c]);
        }
        if (tapPairs) {
            blobs.put("pairs", DepthwiseTapPairs.pack(centred, taps, channels));
        }
        byte[] padding = new byte[channels];
        java.util.Arrays.fill(padding, (byte) node.input(0).type().quant().offset());
        blobs.put("weights", weights.array());
        blobs.put("bias", bias.array());
        blobs.put("padding", padding);
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
        blobs.put("padding", new byte[channels * 4]);
    }

    @Override
    public String description() {
        Window2d w = window;
        return (quantized ? "int8" : "float") + " depthwise conv " + w.kernel[0] + "x" + w.kernel[1] + " stride "
                + w.stride[0] + "x" + w.stride[1] + ", channels-last, " + (tapPairs ? "vpmaddwd tap pairs, " : "") + lanes
                + " lanes" + (clamp == null ? "" : ", clamped to [" + clamp[0] + ", " + clamp[1] + "]");
    }

    @Override
    public Kernel withActivation(float lo, float hi) {
        return clamp == null && !quantized ? new ChannelsLastDepthwiseKernel(this, lo, hi) : null;
    }

    @Override
    public void emit(KernelContext ctx) {
        Window2d w = window;
        String function = defineIn(ctx.module());
        long rows = (long) node.type().dim(0) * w.out[0];
        int parts = ctx.threads().forWork(rows * w.out[1] * channels * w.taps(), DepthwiseConvKernel.MIN_MACS_PER_THREAD);
        List<String> captured = List.of("ptr " + ctx.input(0), "ptr " + ctx.output(), "ptr " + ctx.blob("weights"),
                "ptr " + ctx.blob("bias"), "ptr " + ctx.blob("padding"),
                "ptr " + (quantized ? ctx.blob("multipliers") : ctx.blob("bias")),
                "ptr " + ctx.blob(tapPairs ? "pairs" : "weights")); // (a placeholder without tap pairs)
        QuantRange yr = quantized ? QuantRange.of(node.type(), "Conv node '" + node.name() + "'") : null;
        ParallelFor.ranges(ctx, parts, "rows", rows, captured, (f, from, to, v) -> f.call("void", function,
                "ptr " + v.get(0), "ptr " + v.get(1), "ptr " + v.get(2), "ptr " + v.get(3), "ptr " + v.get(4),
                "ptr " + v.get(5), "ptr " + v.get(6), "i64 " + from, "i64 " + to, "i64 " + w.in[0], "i64 " + w.in[1], "i64 " + channels,
                "i64 " + w.out[0], "i64 " + w.out[1], "i64 " + w.padBegin[0], "i64 " + w.padBegin[1],
                "i32 " + (quantized ? yr.offset() : 0),
                "i32 " + (quantized ? yr.qmin() : 0), "i32 " + (quantized ? yr.qmax() : 0),
                "float " + Ir.f32(clamp == null ? 0f : clamp[0]), "float " + Ir.f32(clamp == null ? 0f : clamp[1])));
        ctx.f().retVoid();
    }

    /**
     * The shared function's name: the window, the element types, clamped or not, tap pairs or not, the
     * vector width. Its arguments: input, output, weights, bias, padding row, multipliers (int8), weight
     * pairs (tap pairs), the output rows
     * {@code [from, to)} to compute (image-major), input height, width and channels, output height and
     * width, top and left padding, the output offset and range (int8), the clamp (float).
     */
    private String name() {
        Window2d w = window;
        String elements = !quantized ? "f32" : node.input(0).type().kind() == ElemKind.UINT8 ? "qu8" : "qs8";
        return "glint_dw_nhwc_" + elements + (clamp == null ? "" : "_minmax") + "_" + w.kernel[0] + "x" + w.kernel[1]
                + "_s" + w.stride[0] + "x" + w.stride[1] + "_d" + w.dilation[0] + "x" + w.dilation[1] + "__"
                + (tapPairs ? "vpmaddwd_pairs_" : "") + lanes + "lanes";
    }

    /** Defines the function computing rows of every layer with this window and elements, once per module. */
    private String defineIn(IrModule module) {
        String name = name();
        if (!module.defines(name)) {
            List<Param> params = new ArrayList<>();
            for (String p : List.of("in", "out", "w", "bias", "padding", "mult", "pairs")) {
                params.add(new Param("ptr", p, p.equals("out") ? "noalias nocapture" : "noalias nocapture readonly"));
            }
            for (String p : List.of("from", "to", "H", "W", "C", "OH", "OW", "padTop", "padLeft")) {
                params.add(new Param("i64", p, ""));
            }
            for (String p : List.of("zy", "qmin", "qmax")) {
                params.add(new Param("i32", p, ""));
            }
            params.add(new Param("float", "lo", ""));
            params.add(new Param("float", "hi", ""));
            FunctionWriter f = module.function("internal", "void", name, params, "nounwind noinline");
            f.loop("row", "%from", "%to", LoopHints.KEEP, row -> emitRow(f, row));
            f.retVoid();
        }
        return name;
    }

    /** Output row {@code row} (image-major over all images): every position, every channel. */
    private void emitRow(FunctionWriter f, String row) {
        Window2d w = window;
        String n = f.assign("n", "udiv i64 " + row + ", %OH");
        String oh = f.sub("i64", row, f.mul("i64", n, "%OH"));
        String image = f.mul("i64", n, f.mul("i64", "%H", "%W"));
        ChannelsLastTaps reads = new ChannelsLastTaps(w, "%H", "%W", "%C", "%padTop", "%padLeft", element());
        f.loop("ow", "0", "%OW", LoopHints.KEEP, ow -> {
            List<String> taps = reads.at(f, "%in", "%padding", image, oh, ow).pointers();
            String position = f.add("i64", f.mul("i64", row, "%OW"), ow);
            String to = f.gep(element(), "%out", f.mul("i64", position, "%C"));
            // hand-vectorized: LLVM is not to unroll or vectorize these again (that only grows the code)
            String start = tapPairs ? tapPairBlocks(f, taps, to) : "0";
            String vectors = f.assign("vectors", "udiv i64 " + f.sub("i64", "%C", start) + ", " + lanes);
            f.loop("cv", "0", vectors, LoopHints.KEEP, cv -> {
                String c = f.add("i64", start, f.mul("i64", cv, Integer.toString(lanes)));
                f.store(type(lanes, element()), channel(f, lanes, taps, c), f.gep(element(), to, c), 1);
            });
            f.loop("c", f.add("i64", start, f.mul("i64", vectors, Integer.toString(lanes))), "%C", LoopHints.KEEP,
                    c -> f.store(element(), channel(f, 0, taps, c), f.gep(element(), to, c), 1));
        });
    }

    /**
     * The whole 16-channel blocks of a position, two taps per {@code vpmaddwd} ({@link DepthwiseTapPairs}),
     * stored at {@code to}; returns the first channel after them (an i64 value).
     */
    private String tapPairBlocks(FunctionWriter f, List<String> taps, String to) {
        int block = DepthwiseTapPairs.CHANNELS;
        String blocks = f.assign("blocks", "udiv i64 %C, " + block);
        String whole = f.mul("i64", blocks, Integer.toString(block));
        f.loop("cb", "0", blocks, LoopHints.KEEP, cb -> {
            String c = f.mul("i64", cb, Integer.toString(block));
            String y = DepthwiseTapPairs.block(f, taps, c, extension(), "%pairs", whole, "%bias", "%mult",
                    (acc, m) -> rq.requantize(f, Ir.vec(8, "i32"), acc, m, "%zy", "%qmin", "%qmax"));
            f.store(Ir.vec(block, "i8"), f.convert("trunc", Ir.vec(block, "i16"), y, Ir.vec(block, "i8")),
                    f.gep("i8", to, c), 1);
        });
        return whole;
    }

    /** How an int8 code widens: as the input kind is signed or not. */
    private String extension() {
        return node.input(0).type().kind() == ElemKind.UINT8 ? "zext" : "sext";
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
     * The result of channels {@code [c, c + lanes)} (one channel for 0 lanes) at the position whose tap
     * pointers {@code taps} holds: bias plus every tap in tap order, clamped (float) or requantized and
     * narrowed (int8).
     */
    private String channel(FunctionWriter f, int lanes, List<String> taps, String c) {
        String elem = quantized ? "i32" : "float";
        String type = type(lanes, elem);
        String narrow = type(lanes, element());
        String extension = extension();
        String acc = f.load(type, f.gep(elem, "%bias", c), 4);
        for (int t = 0; t < taps.size(); t++) {
            String weight = f.load(type, f.gep(elem, "%w", f.add("i64", c, f.mul("i64", "%C", Integer.toString(t)))), 4);
            String x = f.load(narrow, f.gep(element(), taps.get(t), c), quantized ? 1 : 4);
            if (quantized) {
                // the codes as they are: the start value holds -z_x sum w (see packQuantized)
                acc = f.addWrap(type, acc, f.mulWrap(type, f.convert(extension, narrow, x, type), weight));
            } else {
                acc = f.call(type, "llvm.fmuladd." + Ir.intrinsicSuffix(type), type + " " + x, type + " " + weight,
                        type + " " + acc);
            }
        }
        if (quantized) {
            String mult = f.load(type(lanes, "float"), f.gep("float", "%mult", c), 4);
            return f.convert("trunc", type, rq.requantize(f, type, acc, mult, "%zy", "%qmin", "%qmax"), narrow);
        }
        if (clamp == null) {
            return acc;
        }
        String lo = lanes == 0 ? "%lo" : f.broadcast(type, "%lo");
        String hi = lanes == 0 ? "%hi" : f.broadcast(type, "%hi");
        return f.fIntrinsic("minimum", type, f.fIntrinsic("maximum", type, acc, lo), hi);
    }
}
