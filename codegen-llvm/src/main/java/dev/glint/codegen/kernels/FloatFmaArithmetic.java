package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.List;

/**
 * Float tiles: one broadcast activation times a vector of weights, fused into the accumulator with
 * {@code llvm.fmuladd} (FMA where the target has it). The accumulators start at the bias and are stored
 * as they are, or, for {@code minmax} tiles, clamped to the range given as the epilogue scalars
 * {@code lo} and {@code hi} (a fused Relu or Clip, with its NaN-propagating maximum and minimum). The
 * summation order differs from the interpreter's (which sums in double); results agree within float
 * rounding.
 */
record FloatFmaArithmetic(int lanes, String instruction, boolean minmax) implements TileArithmetic {
    /** The widest float vectors {@code target} has: 16 lanes with 512-bit registers, 8 with AVX, else 4. */
    static FloatFmaArithmetic forTarget(TargetSpec target) {
        if (target.isX86() && target.has("avx512f") && target.has("evex512")) {
            return new FloatFmaArithmetic(16, "fma_zmm", false);
        }
        if (target.isX86() && (target.has("avx") || target.has("avx2"))) {
            return new FloatFmaArithmetic(8, target.has("fma") ? "fma_ymm" : "mul_add_ymm", false);
        }
        return new FloatFmaArithmetic(4, target.isAArch64() ? "fmla_q" : "mul_add_x4", false);
    }

    /** These tiles with their results clamped to the epilogue scalars {@code lo} and {@code hi}. */
    FloatFmaArithmetic clamped() {
        return new FloatFmaArithmetic(lanes, instruction, true);
    }

    @Override
    public String family() {
        return minmax ? "f32_igemm_minmax" : "f32_igemm";
    }

    @Override
    public int group() {
        return 1;
    }

    @Override
    public int elementBytes() {
        return 4;
    }

    @Override
    public String vectorType() {
        return Ir.vec(lanes, "float");
    }

    @Override
    public String wordType() {
        return "float";
    }

    @Override
    public String step(FunctionWriter f, String acc, String activations, String weights) {
        String vt = vectorType();
        return f.call(vt, "llvm.fmuladd." + Ir.intrinsicSuffix(vt), vt + " " + activations, vt + " " + weights,
                vt + " " + acc);
    }

    @Override
    public List<String> epilogueTables() {
        return List.of();
    }

    @Override
    public List<Param> epilogueScalars() {
        return minmax ? List.of(new Param("float", "lo", ""), new Param("float", "hi", "")) : List.of();
    }

    @Override
    public String storedElement() {
        return "float";
    }

    @Override
    public String finish(FunctionWriter f, String acc, List<String> tables) {
        if (!minmax) {
            return acc;
        }
        String vt = vectorType();
        return f.fIntrinsic("minimum", vt, f.fIntrinsic("maximum", vt, acc, f.broadcast(vt, "%lo")), f.broadcast(vt, "%hi"));
    }
}
