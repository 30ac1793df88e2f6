package dev.glint.tests.fuzz;

import java.io.ByteArrayOutputStream;

/**
 * One field of a {@link WireMessage}: its number, wire type and value. A length-delimited value is
 * either a nested message or raw bytes (strings, packed numbers, tensor data). Fields are mutable so a
 * mutator can forge a value in place on a copy of the tree.
 */
final class WireField {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    final int number;
    final int wireType;
    /** The value of a VARINT, I64 or I32 field (fixed-width values as their bits). */
    long value;
    /** The payload of a LEN field that is not a message. */
    byte[] bytes;
    /** The payload of a LEN field that parsed as a message. */
    WireMessage nested;
    /**
     * When not negative, the length written for a LEN field instead of its real length: a forged length
     * prefix.
     */
    long forgedLength = -1;

    private WireField(int number, int wireType) {
        this.number = number;
        this.wireType = wireType;
    }

    static WireField varint(int number, long value) {
        WireField f = new WireField(number, VARINT);
        f.value = value;
        return f;
    }

    static WireField fixed(int number, int wireType, long bits) {
        WireField f = new WireField(number, wireType);
        f.value = bits;
        return f;
    }

    static WireField len(int number, byte[] bytes, WireMessage nested) {
        WireField f = new WireField(number, LEN);
        f.bytes = bytes;
        f.nested = nested;
        return f;
    }

    /** The payload of a LEN field as bytes (encoding a nested message). */
    byte[] payload() {
        return nested != null ? nested.toBytes() : bytes;
    }

    WireField copy() {
        WireField f = new WireField(number, wireType);
        f.value = value;
        f.bytes = bytes;
        f.nested = nested == null ? null : nested.copy();
        f.forgedLength = forgedLength;
        return f;
    }

    void writeTo(ByteArrayOutputStream out) {
        WireMessage.writeVarint(out, ((long) number << 3) | wireType);
        switch (wireType) {
            case VARINT -> WireMessage.writeVarint(out, value);
            case I64, I32 -> {
                int width = wireType == I64 ? 8 : 4;
                for (int i = 0; i < width; i++) {
                    out.write((int) (value >>> (8 * i)));
                }
            }
            default -> {
                byte[] p = payload();
                WireMessage.writeVarint(out, forgedLength >= 0 ? forgedLength : p.length);
                out.write(p, 0, p.length);
            }
        }
    }
}
