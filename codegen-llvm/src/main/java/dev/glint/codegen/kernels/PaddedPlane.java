package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.ir.ElemKind;
import java.util.List;

/**
 * Copies one channel's input plane into scratch surrounded by zeros, so that the depthwise convolution's
 * inner loops read every tap without a bounds test; written once per module and called for every
 * channel of every layer. Integer codes are stored centred on the input's offset ({@code x - z_x}, which
 * fits int16 for 8-bit kinds), so the padding is 0 for int8 as for float. For a column stride {@code s}
 * the plane is split into {@code s} phases (phase {@code p} holds the padded columns {@code q * s + p}),
 * so that a strided convolution reads each tap's outputs as contiguous vectors.
 *
 * <p>Layout {@code [padded row][phase][width]}, rows {@code [0, top)} and {@code [top + rows, paddedRows)}
 * all zero. Arguments: {@code src} the channel's input ({@code [inRows][inCols]}), {@code inCols},
 * {@code dst} the scratch plane, {@code paddedRows}, {@code width} (elements per phase row), {@code top}
 * (rows of zeros first), {@code rows} (input rows copied), {@code left} (zero columns before the first
 * input column) and, for integers, {@code zero} the input offset.
 */
final class PaddedPlane {
    private final ElemKind input;
    private final int phases;

    PaddedPlane(ElemKind input, int phases) {
        this.input = input;
        this.phases = phases;
    }

    /** The plane's element type: int16 for centred integer codes, float for float. */
    static String elementType(ElemKind input) {
        return input.isFloat() ? "float" : "i16";
    }

    String name() {
        return "glint_dw_pad_" + input.mnemonic() + "_s" + phases;
    }

    String defineIn(IrModule module) {
        String name = name();
        if (!module.defines(name)) {
            write(module.function("internal", "void", name, List.of(Param.input("src"), i64("inCols"),
                    Param.output("dst"), i64("paddedRows"), i64("width"), i64("top"), i64("rows"), i64("left"),
                    new Param("i32", "zero", "")), "nounwind noinline"));
        }
        return name;
    }

    private static Param i64(String name) {
        return new Param("i64", name, "");
    }

    /** Emits the call; the i64 and i32 operands are constants or SSA values. */
    void call(FunctionWriter f, String src, long inCols, String dst, long paddedRows, long width, long top, long rows,
            long left, int zero) {
        f.call("void", name(), "ptr " + src, "i64 " + inCols, "ptr " + dst, "i64 " + paddedRows, "i64 " + width,
                "i64 " + top, "i64 " + rows, "i64 " + left, "i32 " + zero);
    }

    private void write(FunctionWriter f) {
        String elem = elementType(input);
        String pad = input.isFloat() ? "0.0" : "0";
        String rowPitch = f.mul("i64", "%width", Integer.toString(phases));
        String copyEnd = f.add("i64", "%top", "%rows");
        f.loop("r", "0", "%top", r -> fillRow(f, elem, pad, rowPitch, r));
        f.loop("r", "%top", copyEnd, r -> {
            String srcRow = f.mul("i64", f.sub("i64", r, "%top"), "%inCols");
            for (int p = 0; p < phases; p++) {
                copyPhase(f, elem, pad, f.add("i64", f.mul("i64", r, rowPitch), f.mul("i64", "%width", Integer.toString(p))),
                        srcRow, p);
            }
        });
        f.loop("r", copyEnd, "%paddedRows", r -> fillRow(f, elem, pad, rowPitch, r));
        f.retVoid();
    }

    private static void fillRow(FunctionWriter f, String elem, String pad, String rowPitch, String r) {
        String base = f.mul("i64", r, rowPitch);
        f.loop("q", "0", rowPitch, q -> f.store(elem, pad, f.gep(elem, "%dst", f.add("i64", base, q))));
    }

    /**
     * One phase row: columns {@code q} whose input column {@code q * phases + p - left} lies in
     * {@code [0, inCols)} are copied, the others zeroed. The bounds are ceilings of non-negative
     * quotients, clamped to the row.
     */
    private void copyPhase(FunctionWriter f, String elem, String pad, String dstRow, String srcRow, int p) {
        String s = Integer.toString(phases);
        String firstCol = f.sub("i64", "%left", Integer.toString(p));
        String lo = ceilDiv(f, f.smax("i64", firstCol, "0"), s);
        lo = f.smin("i64", lo, "%width");
        String hi = ceilDiv(f, f.smax("i64", f.add("i64", firstCol, "%inCols"), "0"), s);
        hi = f.smax("i64", f.smin("i64", hi, "%width"), lo);
        f.loop("q", "0", lo, q -> f.store(elem, pad, f.gep(elem, "%dst", f.add("i64", dstRow, q))));
        f.loop("q", lo, hi, q -> {
            String col = f.sub("i64", f.add("i64", f.mul("i64", q, s), Integer.toString(p)), "%left");
            String v = input.isFloat() ? Elements.loadFloat(f, "%src", f.add("i64", srcRow, col))
                    : f.convert("trunc", "i32", f.sub("i32",
                            Elements.loadInt(f, input, "%src", f.add("i64", srcRow, col)), "%zero"), "i16");
            f.store(elem, v, f.gep(elem, "%dst", f.add("i64", dstRow, q)));
        });
        f.loop("q", hi, "%width", q -> f.store(elem, pad, f.gep(elem, "%dst", f.add("i64", dstRow, q))));
    }

    private static String ceilDiv(FunctionWriter f, String nonNegative, String divisor) {
        String sum = f.add("i64", nonNegative, Long.toString(Long.parseLong(divisor) - 1));
        return f.assign("q", "udiv i64 " + sum + ", " + divisor);
    }
}
