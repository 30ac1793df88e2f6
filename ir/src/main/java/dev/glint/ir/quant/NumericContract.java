package dev.glint.ir.quant;

/**
 * The integer arithmetic of Glint, specified once. The reference interpreter calls exactly these
 * methods, and generated code must reproduce them bit for bit on every target.
 *
 * <h2>Representation</h2>
 * A quantized value {@code q} represents {@code (q - offset) * scale}; scales are float32.
 *
 * <h2>Why float32 requantization</h2>
 * Requantization (int32 accumulator to int8 with a real multiplier {@code M = s_in * s_w / s_out}) is
 * done in float32 with a fixed operation order, round-to-nearest-even and no fused multiply-add:
 * <ol>
 *   <li>{@code a = (float) acc} — the exact integer accumulator to float32, rounded to nearest even
 *       (IEEE 754 default);</li>
 *   <li>{@code p = a * M} — one float32 multiplication, rounded to nearest even;</li>
 *   <li>{@code r = roundHalfEven(p)};</li>
 *   <li>{@code r = clamp(r, qmin - offset, qmax - offset)} in float32;</li>
 *   <li>{@code q = (int) r + offset}.</li>
 * </ol>
 * Every step is a single correctly rounded IEEE operation, so x86-64 (cvtdq2ps, mulps, roundps/cvtps2dq
 * in round-to-nearest mode) and AArch64 (scvtf, fmul, frintn/fcvtns) produce identical bits, for
 * per-tensor and per-channel multipliers alike, and for multipliers above 1 (which fixed-point Q31
 * schemes need special cases for). Java's float arithmetic is IEEE-strict (JEP 306), so this code is
 * the specification. Glow's interpreter and CPU backend once disagreed on exactly this step; having one
 * written rule is the cure. Clamping before the conversion to int keeps out-of-range products (even
 * infinities) well defined.
 *
 * <p>Accumulators beyond 2^24 lose low bits in step 1; that is part of the contract (deterministic) and
 * its effect is far below one output step for any multiplier that maps the accumulator into [-128, 127].
 *
 * <h2>Quantize</h2>
 * {@code q = clamp(roundHalfEven(x / scale) + offset)}: a true float32 division (not multiplication by
 * a reciprocal, which rounds differently), then the same steps 3–5. NaN quantizes to {@code offset}.
 *
 * <h2>Dequantize</h2>
 * {@code x = (float) (q - offset) * scale}: exact integer subtraction, then one float32 multiplication.
 */
public final class NumericContract {
    private NumericContract() {}

    /** Round half to even of a float32, as IEEE 754 roundTiesToEven (x86 ROUNDPS imm 0, AArch64 FRINTN). */
    public static float roundHalfEven(float x) {
        return (float) Math.rint(x);
    }

    /** Steps 3–5 of requantization: round, clamp to {@code [qmin, qmax]} around {@code offset}, add offset. */
    public static int roundClampOffset(float p, int offset, int qmin, int qmax) {
        float r = roundHalfEven(p);
        float lo = (float) (qmin - offset);
        float hi = (float) (qmax - offset);
        if (!(r >= lo)) {
            r = Float.isNaN(r) ? 0f : lo;
        }
        if (r > hi) {
            r = hi;
        }
        return (int) r + offset;
    }

    /**
     * Requantizes an exact integer accumulator with real multiplier {@code multiplier} (see the class
     * comment). 8-bit operations keep accumulators within int32, where {@code (float) long} and
     * {@code (float) int} round identically; 16-bit activations need 64-bit accumulators.
     */
    public static int requantize(long acc, float multiplier, int offset, int qmin, int qmax) {
        float a = (float) acc;
        float p = a * multiplier;
        return roundClampOffset(p, offset, qmin, qmax);
    }

    /** Quantizes a real value: {@code clamp(roundHalfEven(x / scale) + offset)}. */
    public static int quantize(float x, float scale, int offset, int qmin, int qmax) {
        return roundClampOffset(x / scale, offset, qmin, qmax);
    }

    /** Dequantizes: {@code (float) (q - offset) * scale}. */
    public static float dequantize(int q, float scale, int offset) {
        return (float) (q - offset) * scale;
    }

    /**
     * The requantization multiplier {@code sIn * sW / sOut}, computed in double and rounded once to float32,
     * so that every engine derives the same constant from the same scales.
     */
    public static float multiplier(float sIn, float sW, float sOut) {
        return (float) ((double) sIn * sW / sOut);
    }

    /** The rescale multiplier {@code sIn / sOut}, computed in double and rounded once to float32. */
    public static float multiplier(float sIn, float sOut) {
        return (float) ((double) sIn / sOut);
    }

    /** Saturates an int64 sum into int32 (bias addition never wraps silently). */
    public static int saturateInt32(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
