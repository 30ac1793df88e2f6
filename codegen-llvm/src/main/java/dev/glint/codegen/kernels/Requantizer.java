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
        String r = roundHalfEven(f, floatType, p);
        String lo = Ir.constant(floatType, Ir.f32((float) (qmin - offset)));
        String hi = Ir.constant(floatType, Ir.f32((float) (qmax - offset)));
        String zero = Ir.constant(floatType, Ir.f32(0f));
        String atLeastLo = f.fcmp("oge", floatType, r, lo);
        String isNan = f.fcmp("uno", floatType, r, r);
        String low = f.select(isNan, floatType, zero, lo);
        String r1 = f.select(atLeastLo, floatType, r, low);
        String aboveHi = f.fcmp("ogt", floatType, r1, hi);
        String r2 = f.select(aboveHi, floatType, hi, r1);
        String intType = Ir.withElement(floatType, "i32");
        String q = f.convert("fptosi", floatType, r2, intType);
        return offset == 0 ? q : f.addWrap(intType, q, Ir.constant(intType, Integer.toString(offset)));
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
}
