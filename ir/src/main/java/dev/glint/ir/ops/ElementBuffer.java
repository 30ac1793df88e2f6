package dev.glint.ir.ops;

import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;

/** Output storage for data-movement operations, which copy elements of any kind unchanged. */
final class ElementBuffer {
    private final TensorType type;
    private final float[] floats;
    private final int[] ints;
    private final long[] longs;

    ElementBuffer(TensorType type) {
        this.type = type;
        int n = type.numElements();
        floats = type.kind().isFloat() ? new float[n] : null;
        ints = type.kind().isSmallInt() ? new int[n] : null;
        longs = floats == null && ints == null ? new long[n] : null;
    }

    void copy(Tensor src, int srcIndex, int dstIndex) {
        if (floats != null) {
            floats[dstIndex] = src.floats()[srcIndex];
        } else if (ints != null) {
            ints[dstIndex] = src.ints()[srcIndex];
        } else {
            longs[dstIndex] = src.longs()[srcIndex];
        }
    }

    /** Stores a padding value (already in the stored representation: the integer for quantized kinds). */
    void set(int dstIndex, double value) {
        if (floats != null) {
            floats[dstIndex] = (float) value;
        } else if (ints != null) {
            ints[dstIndex] = (int) value;
        } else {
            longs[dstIndex] = (long) value;
        }
    }

    Tensor toTensor() {
        if (floats != null) {
            return Tensor.ofFloats(type, floats);
        }
        return ints != null ? Tensor.ofInts(type, ints) : Tensor.ofLongs(type, longs);
    }
}
