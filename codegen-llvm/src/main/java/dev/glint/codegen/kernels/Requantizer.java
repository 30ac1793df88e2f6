package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.quant.NumericContract;

/**
 * Emits the integer arithmetic of {@link NumericContract}, step for step, for scalars or vectors:
 * {@code sitofp} the accumulator, one {@code fmul} by the float32 multiplier, round half to even,
 * clamp with {@code fcmp}/{@code select} to {@code [qmin - offset, qmax - offset]} (NaN to 0), {@code fptosi},
 * add the offset. No instruction carries a fast-math flag and none is fused (the target machine only
 * fuses operations marked {@code contract}), so every target computes the same bits as the interpreter.
 *
 * <p>Rounding uses {@code llvm.roundeven} where the target has a rounding instruction (x86 with SSE4.1,
 * AArch64). Elsewhere LLVM would call {@code roundevenf} once per element, so the rounding is written out
 * instead, exactly: for {@code |x| < 2^23}, {@code (|x| + 2^23) - 2^23} is {@code |x|} rounded half to even
 * under the default rounding mode (the sum lands where the float spacing is 1), and the sign is put
 * back with {@code copysign} (round-half-even is symmetric, and -0 stays -0); larger magnitudes, NaN and
 * infinities are already integral and pass unchanged.
 */
final class Requantizer {
    private static final float TWO_POW_23 = 8388608f;
    private final boolean nativeRounding;

    Requantizer(TargetSpec target) {
        this.nativeRounding = target.isAArch64() || target.isX86() && target.has("sse4.1");
    }

    /** Round half to even of a float (or float vector) value. */
    String roundHalfEven(FunctionWriter f, String type, String x) {
        if (nativeRounding) {
            return f.fIntrinsic("roundeven", type, x);
        }
        String big = Ir.constant(type, Ir.f32(TWO_POW_23));
        String abs = f.fIntrinsic("fabs", type, x);
        String rounded = f.fsub(type, f.fadd(type, abs, big), big);
        String signed = f.fIntrinsic("copysign", type, rounded, x);
        String small = f.fcmp("olt", type, abs, big);
        return f.select(small, type, signed, x);
    }

    /**
     * {@link NumericContract#roundClampOffset}: round {@code p}, clamp to the kind's range around
     * {@code offset}, convert, add {@code offset}. Returns i32 (or a vector of i32).
     */
    String roundClampOffset(FunctionWriter f, String floatType, String p, int offset, int qmin, int qmax) {
        String lo = Ir.constant(floatType, Ir.f32((float) (qmin - offset)));
        String hi = Ir.constant(floatType, Ir.f32((float) (qmax - offset)));
        String intType = Ir.withElement(floatType, "i32");
        return clampConvertOffset(f, floatType, roundHalfEven(f, floatType, p), lo, hi,
                offset == 0 ? null : Ir.constant(intType, Integer.toString(offset)));
    }

    /** Clamps the rounded {@code r} to {@code [lo, hi]} (NaN to 0), converts it and adds {@code offset} (null: none). */
    private static String clampConvertOffset(FunctionWriter f, String floatType, String r, String lo, String hi,
            String offset) {
        String zero = Ir.constant(floatType, Ir.f32(0f));
        String atLeastLo = f.fcmp("oge", floatType, r, lo);
        String isNan = f.fcmp("uno", floatType, r, r);
        String low = f.select(isNan, floatType, zero, lo);
        String r1 = f.select(atLeastLo, floatType, r, low);
        String aboveHi = f.fcmp("ogt", floatType, r1, hi);
        String r2 = f.select(aboveHi, floatType, hi, r1);
        String intType = Ir.withElement(floatType, "i32");
        String q = f.convert("fptosi", floatType, r2, intType);
        return offset == null ? q : f.addWrap(intType, q, offset);
    }

    /**
     * {@link NumericContract#requantize}: {@code multiplier} is a float operand of the matching type
     * (a constant, or a value loaded from a per-channel table).
     */
    String requantize(FunctionWriter f, String intType, String acc, String multiplier, int offset, int qmin, int qmax) {
        String floatType = Ir.withElement(intType, "float");
        String a = f.convert("sitofp", intType, acc, floatType);
        String p = f.fmul(floatType, a, multiplier);
        return roundClampOffset(f, floatType, p, offset, qmin, qmax);
    }

    /**
     * {@link #requantize} with the output offset and the kind's range {@code [qmin, qmax]} given as i32
     * values at run time (for code shared by layers of different quantization); {@code qmin - offset}
     * and {@code qmax - offset} are small integers, so converting them at run time gives the same floats
     * as the constants of the other form.
     */
    String requantize(FunctionWriter f, String intType, String acc, String multiplier, String offset, String qmin,
            String qmax) {
        String floatType = Ir.withElement(intType, "float");
        String a = f.convert("sitofp", intType, acc, floatType);
        String p = f.fmul(floatType, a, multiplier);
        String lo = f.convert("sitofp", "i32", f.sub("i32", qmin, offset), "float");
        String hi = f.convert("sitofp", "i32", f.sub("i32", qmax, offset), "float");
        boolean vector = intType.startsWith("<");
        return clampConvertOffset(f, floatType, roundHalfEven(f, floatType, p),
                vector ? f.broadcast(floatType, lo) : lo, vector ? f.broadcast(floatType, hi) : hi,
                vector ? f.broadcast(intType, offset) : offset);
    }
}
