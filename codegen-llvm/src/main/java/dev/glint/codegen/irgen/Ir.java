package dev.glint.codegen.irgen;

import dev.glint.ir.ElemKind;
import java.util.Locale;

/** Spelling of LLVM IR constants and types. */
public final class Ir {
    private Ir() {}

    /**
     * A float constant. LLVM IR writes floats as the hexadecimal bits of the equal double, which is exact
     * (decimal would round); all NaNs become the canonical quiet NaN, whose double form is representable
     * as a float.
     */
    public static String f32(float v) {
        if (Float.isNaN(v)) {
            return "0x7FF8000000000000";
        }
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(v));
    }

    /** An integer constant. */
    public static String i(long v) {
        return Long.toString(v);
    }

    /** A vector type such as {@code <16 x i32>}. */
    public static String vec(int lanes, String elem) {
        return "<" + lanes + " x " + elem + ">";
    }

    /** A splat vector constant, e.g. {@code splat (float 0x...)}. */
    public static String splat(String elemType, String scalar) {
        return "splat (" + elemType + " " + scalar + ")";
    }

    /** The LLVM type that stores one element of {@code kind} (signedness lives in the operations). */
    public static String type(ElemKind kind) {
        return switch (kind) {
            case FLOAT32 -> "float";
            case INT8, UINT8 -> "i8";
            case INT16 -> "i16";
            case INT32 -> "i32";
            case INT64 -> "i64";
        };
    }

    /** The element type of a vector type ({@code <16 x i32>} gives {@code i32}), or the type itself. */
    public static String elementOf(String type) {
        if (!type.startsWith("<")) {
            return type;
        }
        return type.substring(type.indexOf(" x ") + 3, type.length() - 1).trim();
    }

    /** The lane count of a vector type, or 0 for a scalar. */
    public static int lanesOf(String type) {
        return type.startsWith("<") ? Integer.parseInt(type.substring(1, type.indexOf(" x ")).trim()) : 0;
    }

    /** The same shape with another element type ({@code <16 x i32>} with float gives {@code <16 x float>}). */
    public static String withElement(String type, String elem) {
        int lanes = lanesOf(type);
        return lanes == 0 ? elem : vec(lanes, elem);
    }

    /** A constant of {@code type} (scalar or vector) with every lane {@code scalar}. */
    public static String constant(String type, String scalar) {
        return lanesOf(type) == 0 ? scalar : splat(elementOf(type), scalar);
    }

    /** The suffix of overloaded intrinsics: {@code f32}, {@code v16f32}, {@code v8i32}... */
    public static String intrinsicSuffix(String type) {
        String elem = elementOf(type);
        String e = switch (elem) {
            case "float" -> "f32";
            case "double" -> "f64";
            default -> elem;
        };
        int lanes = lanesOf(type);
        return lanes == 0 ? e : "v" + lanes + e;
    }

    /** A name usable in LLVM and C symbols: letters, digits and underscores, not starting with a digit. */
    public static String sanitize(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
