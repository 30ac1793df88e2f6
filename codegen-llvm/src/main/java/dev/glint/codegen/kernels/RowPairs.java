package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * Interleaves an int16 {@link PaddedPlane} with itself {@code distance} rows further down, so that each
 * 32-bit word holds the codes of two kernel rows at one position ({@code low = a[i], high = a[i +
 * distance * rowPitch]}): the operand layout of x86 {@code pmaddwd}, which then multiplies two taps per
 * lane ({@link DepthwiseMicrokernel.Arithmetic#PMADDWD}). The rows are contiguous, so this is one flat
 * loop over {@code words} words reading {@code words + distance * rowPitch} int16 values. Written once per
 * module.
 */
final class RowPairs {
    private RowPairs() {}

    static String defineIn(IrModule module) {
        String name = "glint_dw_pair_rows";
        if (!module.defines(name)) {
            FunctionWriter f = module.function("internal", "void", name, List.of(Param.input("src"), Param.output("dst"),
                    new Param("i64", "words", ""), new Param("i64", "offset", "")), "nounwind noinline");
            f.loop("i", "0", "%words", LoopHints.NONE, i -> {
                String low = f.load("i16", f.gep("i16", "%src", i));
                String high = f.load("i16", f.gep("i16", "%src", f.add("i64", i, "%offset")));
                String shifted = f.assign("shl", "shl i32 " + f.convert("zext", "i16", high, "i32") + ", 16");
                String word = f.assign("or", "or i32 " + shifted + ", " + f.convert("zext", "i16", low, "i32"));
                f.store("i32", word, f.gep("i32", "%dst", i));
            });
            f.retVoid();
        }
        return name;
    }

    static void call(FunctionWriter f, String src, String dst, long words, long offset) {
        f.call("void", "glint_dw_pair_rows", "ptr " + src, "ptr " + dst, "i64 " + words, "i64 " + offset);
    }
}
