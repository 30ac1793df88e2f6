package dev.glint.ir.io;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's elements as bytes: row-major, each element in its kind's storage size, little-endian. This is
 * both the layout of compiled networks' buffers and ONNX's {@code raw_data}.
 */
public final class TensorBytes {
    private TensorBytes() {}

    /** The elements of {@code t}, little-endian, {@code t.size() * kind.bytes()} bytes. */
    public static byte[] littleEndian(Tensor t) {
        ElemKind kind = t.type().kind();
        ByteBuffer b = ByteBuffer.allocate(t.size() * kind.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (kind) {
            case FLOAT32 -> {
                for (float f : t.floats()) {
                    b.putFloat(f);
                }
            }
            case INT8, UINT8 -> {
                for (int v : t.ints()) {
                    b.put((byte) v);
                }
            }
            case INT16 -> {
                for (int v : t.ints()) {
                    b.putShort((short) v);
                }
            }
            case INT32 -> {
                for (int v : t.ints()) {
                    b.putInt(v);
                }
            }
            case INT64 -> {
                for (long v : t.longs()) {
                    b.putLong(v);
                }
            }
        }
        return b.array();
    }
}
