package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;

/**
 * What a layout copy does to each element on its way: extend it from the {@code source} type to the
 * {@code destination} type ({@code sext}, {@code zext}, or nothing when the types are equal), then add
 * {@code add} with wrapping (integers only). The int8 kernels use it to turn activation codes into the
 * dot-product instruction's operands (e.g. int8 widened to int16, or int8 shifted by 128 into uint8);
 * a float copy is the identity.
 */
record ElementTransform(String source, String destination, String extension, long add) {
    ElementTransform {
        boolean sameType = source.equals(destination);
        if (sameType != extension.isEmpty() || (source.equals("float") || destination.equals("float")) && add != 0) {
            throw new IllegalArgumentException("bad element transform " + this);
        }
    }

    /** Copies elements of {@code type} unchanged. */
    static ElementTransform identity(String type) {
        return new ElementTransform(type, type, "", 0);
    }

    /** A name for functions specialized to this transform, e.g. {@code i8_i16_sext_add0}. */
    String name() {
        return source + "_" + destination + (extension.isEmpty() ? "" : "_" + extension) + "_add" + add;
    }

    int sourceBytes() {
        return bytes(source);
    }

    int destinationBytes() {
        return bytes(destination);
    }

    private static int bytes(String type) {
        return type.equals("float") ? 4 : Integer.parseInt(type.substring(1)) / 8;
    }

    /** Applies the transform to {@code value}, of type {@code source} ({@code lanes == 0}) or {@code <lanes x source>}. */
    String apply(FunctionWriter f, int lanes, String value) {
        String from = lanes == 0 ? source : Ir.vec(lanes, source);
        String to = lanes == 0 ? destination : Ir.vec(lanes, destination);
        String v = extension.isEmpty() ? value : f.convert(extension, from, value, to);
        return add == 0 ? v : f.addWrap(to, v, Ir.constant(to, Long.toString(wrapped(add, destination))));
    }

    /** {@code v} wrapped into the signed range of integer {@code type} (IR constants must fit their type). */
    static long wrapped(long v, String type) {
        int bits = 64 - 8 * bytes(type);
        return v << bits >> bits;
    }
}
