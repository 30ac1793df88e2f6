package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The int8 channels-last depthwise step on x86 AVX2 ({@link ChannelsLastDepthwiseKernel}): 16 channels
 * by two taps per {@code vpmaddwd}. The two taps' codes, widened to int16, are interleaved within each
 * 128-bit half ({@code vpunpcklwd}/{@code vpunpckhwd}), so one {@code vpmaddwd} gives
 * {@code x_t w_t + x_u w_u} for eight channels in int32 (exact: 8-bit codes times centred 9-bit weights);
 * a vector of widened codes times int32 weights ({@code vpmulld}) did one tap of eight channels.
 *
 * <p>The interleave leaves the two int32 accumulators holding channels {@link #LOW} and {@link #HIGH} of
 * the block; the start values and multipliers of whole blocks are stored in that order
 * ({@link #blockOrder}), and {@code vpackssdw}'s own in-lane order puts the requantized halves back in
 * channel order. Weights are packed {@code [tap pair][block][low | high][8 channels][2 taps]} as int16 (a missing
 * second tap of an odd count has weight 0).
 */
final class DepthwiseTapPairs {
    /** Channels per step. */
    static final int CHANNELS = 16;
    /** The block's channels in the low accumulator: the low halves of both 128-bit lanes. */
    private static final int[] LOW = {0, 1, 2, 3, 8, 9, 10, 11};
    /** The block's channels in the high accumulator. */
    private static final int[] HIGH = {4, 5, 6, 7, 12, 13, 14, 15};

    private DepthwiseTapPairs() {
    }

    /**
     * The channel whose per-channel value a table stores at {@code index} (below {@code channels}): the
     * accumulator order within whole blocks of {@value #CHANNELS}, channel order after them.
     */
    static int blockOrder(int index, int channels) {
        int wholeBlocks = channels / CHANNELS * CHANNELS;
        if (index >= wholeBlocks) {
            return index;
        }
        int within = index % CHANNELS;
        return index - within + (within < 8 ? LOW[within] : HIGH[within - 8]);
    }

    /** The int16 weight pairs of whole blocks; {@code centred} is {@code [tap][channel]}. */
    static byte[] pack(int[] centred, int taps, int channels) {
        int blocks = channels / CHANNELS;
        int pairs = (taps + 1) / 2;
        ByteBuffer b = PackedWeightsKernel.little(pairs * blocks * CHANNELS * 2 * 2);
        for (int p = 0; p < pairs; p++) {
            for (int block = 0; block < blocks; block++) {
                for (int[] half : List.of(LOW, HIGH)) {
                    for (int k : half) {
                        int c = block * CHANNELS + k;
                        for (int t = 2 * p; t < 2 * p + 2; t++) {
                            b.putShort((short) (t < taps ? centred[t * channels + c] : 0));
                        }
                    }
                }
            }
        }
        return b.array();
    }

    /**
     * The requantized {@code <16 x i16>} in channel order of channels {@code [c, c + 16)} (a whole block):
     * start values from {@code bias} and multipliers from {@code mult} (block order), the taps' codes at
     * {@code taps} (widened by {@code extension}), the weight pairs at {@code pairs}, whose whole blocks
     * hold {@code wholeChannels} channels (an i64 value); {@code requantize} maps an {@code <8 x i32>}
     * accumulator and its {@code <8 x float>} multipliers to the requantized {@code <8 x i32>}.
     */
    static String block(FunctionWriter f, List<String> taps, String c, String extension, String pairs,
            String wholeChannels, String bias, String mult, BinaryOperator<String> requantize) {
        String codes = Ir.vec(CHANNELS, "i8");
        String wide = Ir.vec(CHANNELS, "i16");
        String acc = Ir.vec(8, "i32");
        String low = f.load(acc, f.gep("i32", bias, c), 4);
        String high = f.load(acc, f.gep("i32", bias, f.add("i64", c, "8")), 4);
        // pair p's weights for block c start at element p * 2 * wholeChannels + 2 * c
        String pairStride = f.mul("i64", wholeChannels, "2");
        for (int p = 0; 2 * p < taps.size(); p++) {
            String x0 = f.convert(extension, codes, f.load(codes, f.gep("i8", taps.get(2 * p), c), 1), wide);
            String x1 = 2 * p + 1 < taps.size()
                    ? f.convert(extension, codes, f.load(codes, f.gep("i8", taps.get(2 * p + 1), c), 1), wide)
                    : "zeroinitializer";
            String w = f.gep("i16", pairs,
                    f.add("i64", f.mul("i64", pairStride, Integer.toString(p)), f.mul("i64", c, "2")));
            low = f.addWrap(acc, low, f.call(acc, "llvm.x86.avx2.pmadd.wd", wide + " " + interleave(f, x0, x1, LOW),
                    wide + " " + f.load(wide, w, 2)));
            high = f.addWrap(acc, high, f.call(acc, "llvm.x86.avx2.pmadd.wd", wide + " " + interleave(f, x0, x1, HIGH),
                    wide + " " + f.load(wide, f.gep("i16", w, "16"), 2)));
        }
        String multipliers = Ir.vec(8, "float");
        String lowQ = requantize.apply(low, f.load(multipliers, f.gep("float", mult, c), 4));
        String highQ = requantize.apply(high, f.load(multipliers, f.gep("float", mult, f.add("i64", c, "8")), 4));
        // vpackssdw packs within 128-bit lanes: low 0-3, high 0-3 | low 4-7, high 4-7 is channels 0-15 in
        // order; the requantized values are within the output kind's range, so no saturation happens
        return f.call(wide, "llvm.x86.avx2.packssdw", acc + " " + lowQ, acc + " " + highQ);
    }

    /** The codes of {@code channels} of two taps side by side: {@code x0[k], x1[k]} for each k. */
    private static String interleave(FunctionWriter f, String x0, String x1, int[] channels) {
        StringBuilder mask = new StringBuilder("<");
        for (int k : channels) {
            mask.append(mask.length() == 1 ? "" : ", ").append("i32 ").append(k).append(", i32 ").append(CHANNELS + k);
        }
        String wide = Ir.vec(CHANNELS, "i16");
        return f.assign("pair", "shufflevector " + wide + " " + x0 + ", " + wide + " " + x1 + ", <16 x i32> " + mask + ">");
    }
}
