package dev.glint.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor in row-major (C) order. Storage follows the element kind: {@code float[]} for f32,
 * {@code int[]} for i8/u8/i16/i32 (each value within its kind's range), {@code long[]} for i64.
 * Tensors are treated as immutable once built; kernels allocate new ones.
 */
public final class Tensor {
    private final TensorType type;
    private final float[] floats;
    private final int[] ints;
    private final long[] longs;

    private Tensor(TensorType type, float[] floats, int[] ints, long[] longs) {
        this.type = Objects.requireNonNull(type);
        this.floats = floats;
        this.ints = ints;
        this.longs = longs;
        int n = type.numElements();
        int have = floats != null ? floats.length : ints != null ? ints.length : longs.length;
        if (have != n) {
            throw new IllegalArgumentException("tensor of type " + type + " needs " + n + " elements, got " + have);
        }
    }

    /** A float32 tensor; the array is used as is (not copied). */
    public static Tensor ofFloats(TensorType type, float[] data) {
        if (type.kind() != ElemKind.FLOAT32) {
            throw new IllegalArgumentException("ofFloats needs f32, got " + type);
        }
        return new Tensor(type, data, null, null);
    }

    public static Tensor ofFloats(float[] data, int... shape) {
        return ofFloats(TensorType.f32(shape), data);
    }

    /** A small-integer tensor (i8, u8, i16, i32); values are checked against the kind's range. */
    public static Tensor ofInts(TensorType type, int[] data) {
        if (!type.kind().isSmallInt()) {
            throw new IllegalArgumentException("ofInts needs i8/u8/i16/i32, got " + type);
        }
        long min = type.kind().min();
        long max = type.kind().max();
        for (int v : data) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("value " + v + " out of range for " + type.kind());
            }
        }
        return new Tensor(type, null, data, null);
    }

    public static Tensor ofLongs(TensorType type, long[] data) {
        if (type.kind() != ElemKind.INT64) {
            throw new IllegalArgumentException("ofLongs needs i64, got " + type);
        }
        return new Tensor(type, null, null, data);
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        return ofLongs(TensorType.of(ElemKind.INT64, shape), data);
    }

    /** A zero-filled tensor of the given type. */
    public static Tensor zeros(TensorType type) {
        int n = type.numElements();
        return switch (type.kind()) {
            case FLOAT32 -> new Tensor(type, new float[n], null, null);
            case INT64 -> new Tensor(type, null, null, new long[n]);
            default -> new Tensor(type, null, new int[n], null);
        };
    }

    public TensorType type() {
        return type;
    }

    public int[] shape() {
        return type.shape();
    }

    public int size() {
        return type.numElements();
    }

    /** The backing float array (f32 only); callers must not modify it. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("not a float tensor: " + type);
        }
        return floats;
    }

    /** The backing int array (i8/u8/i16/i32 only); callers must not modify it. */
    public int[] ints() {
        if (ints == null) {
            throw new IllegalStateException("not a small-integer tensor: " + type);
        }
        return ints;
    }

    /** The backing long array (i64 only); callers must not modify it. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("not an i64 tensor: " + type);
        }
        return longs;
    }

    /** Element {@code i} as a double, whatever the kind (the stored integer, not the real value). */
    public double getDouble(int i) {
        if (floats != null) {
            return floats[i];
        }
        return ints != null ? ints[i] : longs[i];
    }

    /** Element {@code i} as a long (floats are truncated toward zero). */
    public long getLong(int i) {
        if (floats != null) {
            return (long) floats[i];
        }
        return ints != null ? ints[i] : longs[i];
    }

    /** All elements as longs (for shape-like tensors). */
    public long[] toLongArray() {
        long[] r = new long[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = getLong(i);
        }
        return r;
    }

    /** All elements as float32 (integers converted exactly where representable; no dequantization). */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] r = new float[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) getDouble(i);
        }
        return r;
    }

    /** The same data viewed with another type of equal element count and kind. */
    public Tensor reshape(TensorType newType) {
        if (newType.kind() != type.kind() || newType.numElements() != size()) {
            throw new IllegalArgumentException("cannot view " + type + " as " + newType);
        }
        return new Tensor(newType, floats, ints, longs);
    }

    /** Equality of type and contents (floats compared bit for bit). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.type.equals(type) && Arrays.equals(t.floats, floats)
                && Arrays.equals(t.ints, ints) && Arrays.equals(t.longs, longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(floats), Arrays.hashCode(ints), Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return "Tensor" + type;
    }
}
