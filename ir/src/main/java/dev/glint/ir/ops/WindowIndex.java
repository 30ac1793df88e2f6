package dev.glint.ir.ops;

/** Index helpers for N-dimensional windows. */
public final class WindowIndex {
    private WindowIndex() {}

    /** Every position inside a window of the given extents, in row-major order. */
    public static int[][] positions(int[] extent) {
        int n = Shapes.product(extent);
        int[][] r = new int[n][extent.length];
        for (int i = 0; i < n; i++) {
            unravel(i, extent, r[i]);
        }
        return r;
    }

    /** Writes the multi-index of linear index {@code linear} in {@code shape} into {@code idx}. */
    public static void unravel(int linear, int[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = linear % shape[d];
            linear /= shape[d];
        }
    }
}
