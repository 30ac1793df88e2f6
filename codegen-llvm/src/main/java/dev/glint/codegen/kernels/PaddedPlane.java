package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
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
    /** Phase columns per vector step of the copy. */
    static final int BLOCK = 8;

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
            // the source is a channel of the input, not 64-byte aligned
            write(module.function("internal", "void", name, List.of(new Param("ptr", "src", "noalias nocapture readonly"), i64("inCols"),
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
            copyRow(f, elem, rowPitch, f.mul("i64", r, rowPitch), srcRow);
        });
        f.loop("r", copyEnd, "%paddedRows", r -> fillRow(f, elem, pad, rowPitch, r));
        f.retVoid();
    }

    private static void fillRow(FunctionWriter f, String elem, String pad, String rowPitch, String r) {
        String base = f.mul("i64", r, rowPitch);
        f.loop("q", "0", rowPitch, q -> f.store(elem, pad, f.gep(elem, "%dst", f.add("i64", base, q))));
    }

    /**
     * One padded row: the phase columns {@code q} whose input columns {@code q * phases + p - left} all lie
     * inside the row are copied {@value #BLOCK} at a time (one contiguous load, one shuffle per phase, so
     * a strided convolution's deinterleave costs no scalar loop); the columns before and after, which
     * meet the padding, go one by one with a bounds test.
     */
    private void copyRow(FunctionWriter f, String elem, String rowPitch, String dstRow, String srcRow) {
        String s = Integer.toString(phases);
        // first q whose phase-0 column is inside: ceil(left / phases), at most the width
        String first = f.smin("i64", ceilDiv(f, "%left", s), "%width");
        // past the last q whose every phase column is inside: floor((inCols + left) / phases), at most the width
        String end = f.smin("i64", f.assign("end", "udiv i64 " + f.add("i64", "%inCols", "%left") + ", " + s), "%width");
        String span = f.smax("i64", f.sub("i64", end, first), "0");
        String count = f.assign("blocks", "udiv i64 " + span + ", " + BLOCK);
        // a partial last block is copied as the whole block ending at 'end' (rewriting some columns with
        // the same values), so that only the columns meeting the padding are left to the scalar loops
        String partial = f.convert("zext", "i1", f.icmp("ne", "i64", f.assign("rest", "urem i64 " + span + ", " + BLOCK), "0"), "i64");
        String lastBlocks = f.assign("and", "and i64 " + partial + ", " + f.convert("zext", "i1",
                f.icmp("ne", "i64", count, "0"), "i64"));
        String blockEnd = f.select(f.icmp("ne", "i64", count, "0"), "i64", end, first);
        f.loop("q", "0", first, LoopHints.KEEP, q -> copyOne(f, elem, dstRow, srcRow, q));
        f.loop("b", "0", count, LoopHints.KEEP, b -> copyBlock(f, elem, dstRow, srcRow,
                f.add("i64", first, f.mul("i64", b, Integer.toString(BLOCK)))));
        f.loop("last", "0", lastBlocks, LoopHints.KEEP, b -> copyBlock(f, elem, dstRow, srcRow,
                f.sub("i64", end, Integer.toString(BLOCK))));
        f.loop("q", blockEnd, "%width", LoopHints.KEEP, q -> copyOne(f, elem, dstRow, srcRow, q));
    }

    /** Phase columns {@code [q, q + BLOCK)} of every phase, all inside the input row. */
    private void copyBlock(FunctionWriter f, String elem, String dstRow, String srcRow, String q) {
        String s = Integer.toString(phases);
        String col = f.sub("i64", f.mul("i64", q, s), "%left");
        String wide = Ir.vec(phases * BLOCK, Ir.type(input));
        String x = f.load(wide, f.gep(Ir.type(input), "%src", f.add("i64", srcRow, col)), 1);
        for (int p = 0; p < phases; p++) {
            StringBuilder mask = new StringBuilder("<");
            for (int i = 0; i < BLOCK; i++) {
                mask.append(i == 0 ? "" : ", ").append("i32 ").append(i * phases + p);
            }
            String narrow = Ir.vec(BLOCK, Ir.type(input));
            String part = f.assign("phase", "shufflevector " + wide + " " + x + ", " + wide + " poison, "
                    + Ir.vec(BLOCK, "i32") + " " + mask + ">");
            String v = centred(f, narrow, part);
            String at = f.add("i64", f.add("i64", dstRow, f.mul("i64", "%width", Integer.toString(p))), q);
            f.store(Ir.vec(BLOCK, elem), v, f.gep(elem, "%dst", at), 2);
        }
    }

    /** Phase column {@code q} of every phase, zero where its input column is outside the row. */
    private void copyOne(FunctionWriter f, String elem, String dstRow, String srcRow, String q) {
        for (int p = 0; p < phases; p++) {
            String col = f.sub("i64", f.add("i64", f.mul("i64", q, Integer.toString(phases)), Integer.toString(p)), "%left");
            String inside = f.icmp("ult", "i64", col, "%inCols");
            String safe = f.select(inside, "i64", col, "0");
            String x = f.load(Ir.type(input), f.gep(Ir.type(input), "%src", f.add("i64", srcRow, safe)));
            String v = f.select(inside, elem, centred(f, Ir.type(input), x), input.isFloat() ? "0.0" : "0");
            String at = f.add("i64", f.add("i64", dstRow, f.mul("i64", "%width", Integer.toString(p))), q);
            f.store(elem, v, f.gep(elem, "%dst", at));
        }
    }

    /** A loaded value (or vector) as stored in the plane: floats unchanged, integer codes minus the offset as int16. */
    private String centred(FunctionWriter f, String loadedType, String x) {
        if (input.isFloat()) {
            return x;
        }
        String wide = Ir.withElement(loadedType, "i16");
        String ext = f.convert(input == ElemKind.UINT8 ? "zext" : "sext", loadedType, x, wide);
        String zero = f.convert("trunc", "i32", "%zero", "i16");
        String z = Ir.lanesOf(loadedType) == 0 ? zero : f.broadcast(wide, zero);
        return f.assign("centred", "sub " + wide + " " + ext + ", " + z); // |x - z_x| <= 255: exact in int16
    }

    private static String ceilDiv(FunctionWriter f, String nonNegative, String divisor) {
        String sum = f.add("i64", nonNegative, Long.toString(Long.parseLong(divisor) - 1));
        return f.assign("q", "udiv i64 " + sum + ", " + divisor);
    }
}
