package dev.glint.ir.ops;

/**
 * The part of one sliding window (of a {@link SpatialGeometry}, at one output position) that lies inside
 * the input, as a box of kernel indices per spatial dimension, and how many kernel positions lie inside
 * the input extended by its end padding (what {@code count_include_pad} divides by).
 *
 * <p>Evaluating a window through its span costs what the window overlaps of the input, not the kernel
 * size: a kernel far larger than its input (legal under {@code SAME} auto padding) stays cheap.
 */
public final class WindowSpan {
    private final int[] first;
    private final int[] last;
    private final int paddedCount;

    private WindowSpan(int[] first, int[] last, int paddedCount) {
        this.first = first;
        this.last = last;
        this.paddedCount = paddedCount;
    }

    /** The span of the window producing output position {@code outIdx} over input extents {@code inSpatial}. */
    public static WindowSpan of(SpatialGeometry g, int[] outIdx, int[] inSpatial) {
        int k = g.rank();
        int[] first = new int[k];
        int[] last = new int[k];
        long padded = 1;
        for (int d = 0; d < k; d++) {
            long start = (long) outIdx[d] * g.stride(d) - g.padBegin(d);
            long dil = g.dilation(d);
            long kMax = g.kernel(d) - 1L;
            // Kernel index j is inside the input when 0 <= start + j * dil < in.
            first[d] = (int) Math.max(0, -Math.floorDiv(start, dil));
            last[d] = (int) Math.min(kMax, Math.floorDiv(inSpatial[d] - 1L - start, dil));
            // Positions never fall before the begin padding, so only the end padding bounds this count.
            long paddedLast = Math.min(kMax, Math.floorDiv(inSpatial[d] + (long) g.padEnd(d) - 1 - start, dil));
            padded *= Math.max(0, paddedLast + 1);
        }
        return new WindowSpan(first, last, (int) padded);
    }

    /** Kernel positions inside the input extended by its end padding (at most the kernel size). */
    public int paddedCount() {
        return paddedCount;
    }

    /**
     * Writes into {@code offsets} the in-plane input offset of every window element inside the input, in
     * row-major kernel order (the order a plain loop over the kernel visits them), and returns how many.
     * {@code offsets} needs room for the input plane's size at most.
     */
    public int insideOffsets(SpatialGeometry g, int[] outIdx, int[] inStrides, int[] offsets) {
        int k = first.length;
        for (int d = 0; d < k; d++) {
            if (first[d] > last[d]) {
                return 0;
            }
        }
        int[] j = first.clone();
        int n = 0;
        while (true) {
            long off = 0;
            for (int d = 0; d < k; d++) {
                off += ((long) outIdx[d] * g.stride(d) - g.padBegin(d) + (long) j[d] * g.dilation(d)) * inStrides[d];
            }
            offsets[n++] = (int) off;
            int d = k - 1;
            while (d >= 0 && j[d] == last[d]) {
                j[d] = first[d];
                d--;
            }
            if (d < 0) {
                return n;
            }
            j[d]++;
        }
    }
}
