package dev.glint.tests.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message seen at the wire level only: a list of fields (tag number, wire type, value), with
 * every length-delimited value that itself parses as a message kept as a nested {@code WireMessage}. No
 * schema is needed, so mutations can hit the structure of any protobuf file (an ONNX ModelProto, a
 * TensorProto) instead of random bytes. Encoding facts: protobuf "Encoding" guide (varints, wire types
 * 0 VARINT, 1 I64, 2 LEN, 5 I32; tag = number << 3 | wire type).
 */
final class WireMessage {
    /** Nested parsing stops here: deeper payloads stay bytes (ONNX nests graph → node → attribute → tensor). */
    private static final int MAX_DEPTH = 8;

    final List<WireField> fields;

    WireMessage(List<WireField> fields) {
        this.fields = fields;
    }

    /** Parses {@code bytes} as a message; null when they are not one. */
    static WireMessage parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length, 0);
    }

    private static WireMessage parse(byte[] b, int from, int to, int depth) {
        List<WireField> fields = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = readVarint(b, pos, to);
            if (tag < 0 || tag > 0xffffffffL) {
                return null;
            }
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number == 0) {
                return null;
            }
            switch (wireType) {
                case WireField.VARINT -> {
                    long v = readVarint(b, pos, to);
                    if (pos[0] < 0) {
                        return null;
                    }
                    fields.add(WireField.varint(number, v));
                }
                case WireField.I64, WireField.I32 -> {
                    int width = wireType == WireField.I64 ? 8 : 4;
                    if (to - pos[0] < width) {
                        return null;
                    }
                    long v = 0;
                    for (int i = width - 1; i >= 0; i--) {
                        v = (v << 8) | (b[pos[0] + i] & 0xff);
                    }
                    pos[0] += width;
                    fields.add(WireField.fixed(number, wireType, v));
                }
                case WireField.LEN -> {
                    long len = readVarint(b, pos, to);
                    if (pos[0] < 0 || len < 0 || len > to - pos[0]) {
                        return null;
                    }
                    int start = pos[0];
                    int end = start + (int) len;
                    WireMessage nested = depth < MAX_DEPTH && len > 0 ? parse(b, start, end, depth + 1) : null;
                    byte[] payload = nested == null ? java.util.Arrays.copyOfRange(b, start, end) : null;
                    fields.add(WireField.len(number, payload, nested));
                    pos[0] = end;
                }
                default -> {
                    return null;
                }
            }
            if (pos[0] < 0) {
                return null;
            }
        }
        return new WireMessage(fields);
    }

    /**
     * Reads a varint at {@code pos[0]}, advancing it; on malformed or truncated input sets {@code pos[0]}
     * to -1.
     */
    private static long readVarint(byte[] b, int[] pos, int to) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] < 0 || pos[0] >= to) {
                pos[0] = -1;
                return -1;
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        pos[0] = -1;
        return -1;
    }

    /** The wire encoding of this message. */
    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out);
        return out.toByteArray();
    }

    void writeTo(ByteArrayOutputStream out) {
        for (WireField f : fields) {
            f.writeTo(out);
        }
    }

    /** Every field of this message and of its nested messages, depth first. */
    List<WireField> allFields() {
        List<WireField> all = new ArrayList<>();
        collect(all);
        return all;
    }

    private void collect(List<WireField> all) {
        for (WireField f : fields) {
            all.add(f);
            if (f.nested != null) {
                f.nested.collect(all);
            }
        }
    }

    /** Every message in the tree (this one first), for choosing where a field is added or removed. */
    List<WireMessage> allMessages() {
        List<WireMessage> all = new ArrayList<>();
        all.add(this);
        for (WireField f : allFields()) {
            if (f.nested != null) {
                all.add(f.nested);
            }
        }
        return all;
    }

    /** A deep copy, so mutations never touch the parsed original. */
    WireMessage copy() {
        List<WireField> c = new ArrayList<>(fields.size());
        for (WireField f : fields) {
            c.add(f.copy());
        }
        return new WireMessage(c);
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
