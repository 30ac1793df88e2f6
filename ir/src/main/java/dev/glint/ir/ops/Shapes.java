package dev.glint.ir.ops;

import dev.glint.ir.GlintException;
import java.util.Arrays;

/** Shape arithmetic shared by the operations: broadcasting, strides, axis normalisation. */
public final class Shapes {
    private Shapes() {}

    /** Row-major strides (in elements) of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public static int product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        if (p > Integer.MAX_VALUE) {
            throw new GlintException("shape " + Arrays.toString(shape) + " has too many elements");
        }
        return (int) p;
    }

    public static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /** Numpy-style multidirectional broadcast of two shapes; fails with a message naming {@code what}. */
    public static int[] broadcast(int[] a, int[] b, String what) {
        int rank = Math.max(a.length, b.length);
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new GlintException(what + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /**
     * Strides for reading a tensor of shape {@code in} as if broadcast to {@code out}: broadcast dimensions
     * get stride 0. {@code in} is right-aligned against {@code out}.
     */
    public static int[] broadcastStrides(int[] in, int[] out) {
        int[] s = strides(in);
        int[] r = new int[out.length];
        int off = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            r[i + off] = in[i] == 1 && out[i + off] != 1 ? 0 : s[i];
        }
        return r;
    }

    /** Normalises a possibly negative axis into [0, rank) (or [0, rank] when {@code inclusive}). */
    public static int axis(long axis, int rank, boolean inclusive, String what) {
        int limit = inclusive ? rank + 1 : rank;
        long a = axis < 0 ? axis + limit : axis;
        if (a < 0 || a >= limit) {
            throw new GlintException(what + ": axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /**
     * Walks all indices of {@code shape} in row-major order and, for each, the linear offsets into
     * operands with the given strides. Used by broadcasting kernels.
     */
    public static void forEachIndex(int[] shape, int[][] operandStrides, OffsetConsumer consumer) {
        int n = product(shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int[] offs = new int[operandStrides.length];
        for (int linear = 0; linear < n; linear++) {
            consumer.accept(linear, offs);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                for (int k = 0; k < offs.length; k++) {
                    offs[k] += operandStrides[k][d];
                }
                if (idx[d] < shape[d]) {
                    break;
                }
                for (int k = 0; k < offs.length; k++) {
                    offs[k] -= operandStrides[k][d] * shape[d];
                }
                idx[d] = 0;
            }
        }
    }

    /** Receives the output's linear index and the matching operand offsets. */
    @FunctionalInterface
    public interface OffsetConsumer {
        void accept(int linear, int[] operandOffsets);
    }

    public static int[] toInts(long[] v, String what) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
                throw new GlintException(what + ": value " + v[i] + " out of range");
            }
            r[i] = (int) v[i];
        }
        return r;
    }
}
