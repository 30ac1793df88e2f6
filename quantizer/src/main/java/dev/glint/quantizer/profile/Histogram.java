package dev.glint.quantizer.profile;

import java.util.Arrays;

/**
 * A histogram with a fixed number of equal-width bins whose range grows as data arrives. Growing doubles
 * the bin width and merges neighbouring bins pairwise, anchored so that old bin edges stay bin edges;
 * nothing is ever re-binned approximately, and memory does not depend on the number of samples.
 * 2048 bins leave KL calibration (128 target levels) sixteen source bins per level.
 */
public final class Histogram {
    public static final int DEFAULT_BINS = 2048;

    private final long[] counts;
    private double lo;
    private double width;
    private boolean empty = true;

    public Histogram(int bins) {
        if (bins < 2 || bins % 2 != 0) {
            throw new IllegalArgumentException("bin count must be even and >= 2");
        }
        counts = new long[bins];
    }

    public Histogram() {
        this(DEFAULT_BINS);
    }

    /** Restores a histogram from its parts (as stored in a profile). */
    public static Histogram of(double lo, double width, long[] counts) {
        Histogram h = new Histogram(counts.length);
        System.arraycopy(counts, 0, h.counts, 0, counts.length);
        h.lo = lo;
        h.width = width;
        h.empty = Arrays.stream(counts).allMatch(c -> c == 0);
        return h;
    }

    public int bins() {
        return counts.length;
    }

    /** Lower edge of bin 0. */
    public double lo() {
        return lo;
    }

    public double width() {
        return width;
    }

    /** Upper edge of the last bin. */
    public double hi() {
        return lo + width * counts.length;
    }

    public long count(int bin) {
        return counts[bin];
    }

    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    public boolean isEmpty() {
        return empty;
    }

    /** Centre of a bin. */
    public double centre(int bin) {
        return lo + (bin + 0.5) * width;
    }

    /** Adds finite values (the caller rejects NaN and infinities first). */
    public void add(float[] values) {
        if (values.length == 0) {
            return;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (empty) {
            lo = min;
            double span = (double) max - min;
            width = span > 0 ? span / counts.length * (1 + 1e-9) : Math.max(Math.abs((double) min) * 1e-6, 1e-12);
            empty = false;
        }
        growToCover(min, max);
        int last = counts.length - 1;
        for (float v : values) {
            int b = (int) ((v - lo) / width);
            counts[b < 0 ? 0 : Math.min(b, last)]++;
        }
    }

    private void growToCover(double min, double max) {
        int n = counts.length;
        while (min < lo || max >= hi()) {
            long[] merged = new long[n];
            int shift = min < lo ? n / 2 : 0; // extend downwards: old range moves to the upper half
            for (int i = 0; i < n; i++) {
                merged[shift + i / 2] += counts[i];
            }
            if (shift > 0) {
                lo -= width * n;
            }
            width *= 2;
            System.arraycopy(merged, 0, counts, 0, n);
        }
    }
}
