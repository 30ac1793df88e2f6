package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;

/**
 * An instruction that adds, into each 32-bit lane of an accumulator, the dot product of one 32-bit word
 * of activations (4 bytes, or 2 int16 values) with the lane's word of weights. All operands travel as
 * {@code <lanes x i32>}: the activation word is broadcast to every lane, and the weights are packed so
 * that lane {@code l} holds output channel {@code l}'s weights for the word's reduction indices. Integer
 * products and sums are exact (and wrap like the reference's int32), so every variant gives the same
 * accumulators as the portable loops. LLVM 20's x86 VNNI intrinsics take {@code <N x i32>} operands.
 */
public enum DotProductIsa {
    /** AVX-512 VNNI {@code vpdpbusd zmm}: unsigned activation bytes times signed weight bytes. */
    VNNI_512("vpdpbusd zmm", 16, 1, true) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            String t = vectorType();
            return f.call(t, "llvm.x86.avx512.vpdpbusd.512", t + " " + acc, t + " " + activations, t + " " + weights);
        }
    },
    /** {@code vpdpbusd ymm}, from AVX-VNNI or AVX-512 VNNI with VL (LLVM selects the VEX or EVEX form). */
    VNNI_256("vpdpbusd ymm", 8, 1, true) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            String t = vectorType();
            return f.call(t, "llvm.x86.avx512.vpdpbusd.256", t + " " + acc, t + " " + activations, t + " " + weights);
        }
    },
    /** AVX2 {@code vpmaddwd ymm}: pairs of int16 (activations and weights widened at packing), summed into int32. */
    AVX2("vpmaddwd ymm", 8, 2, false) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            String t = vectorType();
            String half = Ir.vec(16, "i16");
            String a = f.convert("bitcast", t, activations, half);
            String w = f.convert("bitcast", t, weights, half);
            return f.addWrap(t, acc, f.call(t, "llvm.x86.avx2.pmadd.wd", half + " " + a, half + " " + w));
        }
    },
    /**
     * AVX2 {@code vpmaddubsw ymm} then {@code vpmaddwd} by ones: unsigned activation bytes times signed
     * weight bytes, pairs summed in int16 with saturation, then pairs of pairs in int32. Exact only where
     * no pair sum can leave int16 ({@link #pairIsExact}); chosen per layer from its weights, never by
     * target alone (7-bit weights, {@code --weight-bits 7}, always qualify).
     */
    AVX2_BYTES("vpmaddubsw ymm", 8, 1, true) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            String t = vectorType();
            String bytes = Ir.vec(32, "i8");
            String half = Ir.vec(16, "i16");
            String a = f.convert("bitcast", t, activations, bytes);
            String w = f.convert("bitcast", t, weights, bytes);
            String pairs = f.call(half, "llvm.x86.avx2.pmadd.ub.sw", bytes + " " + a, bytes + " " + w);
            String quads = f.call(t, "llvm.x86.avx2.pmadd.wd", half + " " + pairs, half + " " + f.broadcast(half, "1"));
            return f.addWrap(t, acc, quads);
        }
    },
    /** AArch64 {@code sdot v.4s, v.16b, v.16b}: signed bytes times signed bytes. */
    SDOT("sdot", 4, 1, false) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            String t = vectorType();
            String bytes = Ir.vec(16, "i8");
            String a = f.convert("bitcast", t, activations, bytes);
            String w = f.convert("bitcast", t, weights, bytes);
            return f.call(t, "llvm.aarch64.neon.sdot.v4i32.v16i8", t + " " + acc, bytes + " " + a, bytes + " " + w);
        }
    },
    /** {@link #VNNI_512}'s arithmetic written in plain IR (for testing its kernels on any CPU). */
    EMULATED_VNNI("vpdpbusd zmm (emulated)", 16, 1, true) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            return emulatedBytes(f, vectorType(), acc, activations, weights, "zext");
        }
    },
    /** {@link #SDOT}'s arithmetic written in plain IR (for testing its kernels on any CPU). */
    EMULATED_SDOT("sdot (emulated)", 4, 1, false) {
        @Override
        String dot(FunctionWriter f, String acc, String activations, String weights) {
            return emulatedBytes(f, vectorType(), acc, activations, weights, "sext");
        }
    };

    private final String description;
    private final int lanes;
    private final int elementBytes;
    private final boolean unsignedActivations;

    DotProductIsa(String description, int lanes, int elementBytes, boolean unsignedActivations) {
        this.description = description;
        this.lanes = lanes;
        this.elementBytes = elementBytes;
        this.unsignedActivations = unsignedActivations;
    }

    /** Adds the per-lane dot products of {@code activations} and {@code weights} to {@code acc}. */
    abstract String dot(FunctionWriter f, String acc, String activations, String weights);

    /**
     * The best instruction {@code target} has, or null for the portable loops. 512-bit registers need
     * LLVM's {@code evex512} besides {@code avx512vnni} (CPU models with AVX-512 imply it; a bare
     * {@code +avx512vnni} feature list does not, and zmm code for such a target aborts in LLVM's
     * legalizer); without it, AVX-512 VNNI with VL still gives the 256-bit form.
     */
    public static DotProductIsa forTarget(TargetSpec target) {
        if (target.isX86()) {
            if (target.has("avx512vnni") && target.has("evex512")) {
                return VNNI_512;
            }
            if (target.has("avxvnni") || target.has("avx512vnni") && target.has("avx512vl")) {
                return VNNI_256;
            }
            if (target.has("avx2")) {
                return AVX2;
            }
        }
        if (target.isAArch64() && target.has("dotprod")) {
            return SDOT;
        }
        return null;
    }

    public String description() {
        return description;
    }

    /**
     * Whether {@link #AVX2_BYTES} computes {@code a0 * w0 + a1 * w1} exactly for every pair of unsigned
     * activation bytes: the sum of the positive weights, and of the negative ones, times 255 must fit
     * int16 ({@code vpmaddubsw} saturates).
     */
    public static boolean pairIsExact(int w0, int w1) {
        int positive = Math.max(w0, 0) + Math.max(w1, 0);
        int negative = Math.max(-w0, 0) + Math.max(-w1, 0);
        return 255 * positive <= Short.MAX_VALUE && 255 * negative <= -Short.MIN_VALUE;
    }

    /** Output channels per accumulator vector. */
    public int lanes() {
        return lanes;
    }

    /** Bytes per packed element: 1 (bytes) or 2 (int16). */
    public int elementBytes() {
        return elementBytes;
    }

    /** Reduction elements per 32-bit word. */
    public int group() {
        return 4 / elementBytes;
    }

    String vectorType() {
        return Ir.vec(lanes, "i32");
    }

    /**
     * What is added to an activation code when it is packed, so that it fits the instruction's operand:
     * int8 codes become unsigned for VNNI ({@code +128}), uint8 codes signed for SDOT ({@code -128}).
     */
    int activationShift(ElemKind input) {
        if (unsignedActivations) {
            return input == ElemKind.INT8 ? 128 : 0;
        }
        return elementBytes == 1 && input == ElemKind.UINT8 ? -128 : 0;
    }

    /** {@code acc[l] += sum_j ext(a.byte[4l + j]) * sext(w.byte[4l + j])}, the instructions' definition. */
    private static String emulatedBytes(FunctionWriter f, String type, String acc, String a, String w, String extA) {
        int lanes = Ir.lanesOf(type);
        String bytes = Ir.vec(4 * lanes, "i8");
        String wide = Ir.vec(4 * lanes, "i32");
        String a32 = f.convert(extA, bytes, f.convert("bitcast", type, a, bytes), wide);
        String w32 = f.convert("sext", bytes, f.convert("bitcast", type, w, bytes), wide);
        String products = f.mulWrap(wide, a32, w32);
        String sum = acc;
        for (int j = 0; j < 4; j++) {
            StringBuilder mask = new StringBuilder("<");
            for (int l = 0; l < lanes; l++) {
                mask.append(l == 0 ? "" : ", ").append("i32 ").append(4 * l + j);
            }
            String part = f.assign("part", "shufflevector " + wide + " " + products + ", " + wide + " poison, "
                    + Ir.vec(lanes, "i32") + " " + mask + ">");
            sum = f.addWrap(type, sum, part);
        }
        return sum;
    }
}
