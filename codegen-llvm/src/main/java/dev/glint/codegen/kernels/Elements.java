package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;

/** Loads and stores of tensor elements by kind; integers travel as i32 inside kernels. */
final class Elements {
    private Elements() {}

    static String loadFloat(FunctionWriter f, String base, String index) {
        return f.load("float", f.gep("float", base, index));
    }

    static void storeFloat(FunctionWriter f, String value, String base, String index) {
        f.store("float", value, f.gep("float", base, index));
    }

    /** Loads an integer element widened to i32 (sign-extended, or zero-extended for u8). */
    static String loadInt(FunctionWriter f, ElemKind kind, String base, String index) {
        String t = Ir.type(kind);
        String v = f.load(t, f.gep(t, base, index));
        return widen(f, kind, v);
    }

    /** Widens a loaded integer of {@code kind} to i32. */
    static String widen(FunctionWriter f, ElemKind kind, String value) {
        String t = Ir.type(kind);
        if (t.equals("i32")) {
            return value;
        }
        return f.convert(kind == ElemKind.UINT8 ? "zext" : "sext", t, value, "i32");
    }

    /** Stores an i32 that is within {@code kind}'s range as {@code kind}. */
    static void storeInt(FunctionWriter f, ElemKind kind, String value, String base, String index) {
        String t = Ir.type(kind);
        String v = t.equals("i32") ? value : f.convert("trunc", "i32", value, t);
        f.store(t, v, f.gep(t, base, index));
    }

    /** Copies one element of any kind. */
    static void copy(FunctionWriter f, ElemKind kind, String src, String srcIndex, String dst, String dstIndex) {
        String t = Ir.type(kind);
        String v = f.load(t, f.gep(t, src, srcIndex));
        f.store(t, v, f.gep(t, dst, dstIndex));
    }

    /** A constant of {@code kind}'s LLVM type holding the stored value {@code v}. */
    static String constant(ElemKind kind, double v) {
        return kind.isFloat() ? Ir.f32((float) v) : Long.toString((long) v);
    }
}
