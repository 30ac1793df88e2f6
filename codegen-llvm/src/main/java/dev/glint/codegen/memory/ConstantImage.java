package dev.glint.codegen.memory;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The constant-weight region as bytes: entries appended at 64-byte aligned offsets. Tensors are encoded
 * little-endian in their element kind's storage size ({@link ElemKind#bytes()}): f32 as IEEE floats,
 * i8/u8 one byte each, i16 two, i32 four, i64 eight.
 */
public final class ConstantImage {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Appends {@code data} at the next aligned offset; returns its allocation. */
    public Allocation add(byte[] data) {
        long offset = Alignment.up(bytes.size());
        while (bytes.size() < offset) {
            bytes.write(0);
        }
        bytes.write(data, 0, data.length);
        return new Allocation(Region.CONSTANT, offset, data.length);
    }

    /** The image, padded to a whole number of alignment units. */
    public byte[] toBytes() {
        byte[] b = bytes.toByteArray();
        byte[] padded = new byte[(int) Alignment.up(b.length)];
        System.arraycopy(b, 0, padded, 0, b.length);
        return padded;
    }

    /** A tensor's elements in native storage order and size, little-endian. */
    public static byte[] encode(Tensor t) {
        return TensorBytes.littleEndian(t);
    }

    /** Decodes {@code bytes} (little-endian, native storage) into a tensor of {@code type}. */
    public static Tensor decode(TensorType type, byte[] data) {
        int n = type.numElements();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        switch (type.kind()) {
            case FLOAT32 -> {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                return Tensor.ofFloats(type, f);
            }
            case INT64 -> {
                long[] l = new long[n];
                b.asLongBuffer().get(l);
                return Tensor.ofLongs(type, l);
            }
            default -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (type.kind()) {
                        case INT8 -> b.get(i);
                        case UINT8 -> b.get(i) & 0xFF;
                        case INT16 -> b.getShort(2 * i);
                        default -> b.getInt(4 * i);
                    };
                }
                return Tensor.ofInts(type, v);
            }
        }
    }
}
