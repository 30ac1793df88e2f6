package dev.glint.cli.report;

import dev.glint.quantizer.profile.Histogram;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Draws a profiled value's histogram as inline SVG, with the range the quantized type can represent (the
 * chosen clipping range) shaded and its ends marked. The profile's fine bins are summed into a fixed
 * number of bars across the plotted range; bar heights are {@code log10(1 + count)} so that long tails
 * stay visible next to a spike (ReLU outputs pile up at 0).
 */
public final class SvgHistogram {
    static final int WIDTH = 640;
    static final int HEIGHT = 170;
    private static final int BARS = 128;
    private static final int LEFT = 12;
    private static final int RIGHT = 12;
    private static final int TOP = 18;
    private static final int BOTTOM = 30;

    private final Histogram histogram;
    private final double min;
    private final double max;
    private final double clipLo;
    private final double clipHi;

    /**
     * @param histogram the profile's histogram of the value
     * @param min       the smallest value seen (the histogram's bins may extend beyond it)
     * @param max       the largest value seen
     * @param clipLo    the lowest value the quantized type represents
     * @param clipHi    the highest
     */
    public SvgHistogram(Histogram histogram, double min, double max, double clipLo, double clipHi) {
        this.histogram = histogram;
        this.min = min;
        this.max = max;
        this.clipLo = clipLo;
        this.clipHi = clipHi;
    }

    /** Bar counts over [lo, hi) of the plot: each profile bin goes to the bar holding its centre. */
    long[] bars(double lo, double hi) {
        long[] bars = new long[BARS];
        double w = (hi - lo) / BARS;
        for (int b = 0; b < histogram.bins(); b++) {
            long c = histogram.count(b);
            if (c == 0) {
                continue;
            }
            int i = (int) Math.floor((histogram.centre(b) - lo) / w);
            bars[Math.max(0, Math.min(BARS - 1, i))] += c;
        }
        return bars;
    }

    /** Writes the {@code <svg>} element; {@code label} names the value (class and title of the plot). */
    public void writeTo(HtmlWriter w, String label) {
        double lo = Math.min(min, clipLo);
        double hi = Math.max(max, clipHi);
        double pad = (hi - lo) * 0.02;
        if (!(pad > 0)) {
            pad = Math.max(Math.abs(lo) * 0.02, 1e-6);
        }
        lo -= pad;
        hi += pad;
        long[] bars = bars(lo, hi);
        long peak = 0;
        for (long c : bars) {
            peak = Math.max(peak, c);
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double finalLo = lo;
        double finalHi = hi;
        DoubleUnaryOperator x = v -> LEFT + (v - finalLo) / (finalHi - finalLo) * plotW;

        w.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "histogram", "data-layer", label,
                "width", String.valueOf(WIDTH), "height", String.valueOf(HEIGHT),
                "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img");
        w.element("title", "histogram of " + label + " with the clipping range [" + fmt(clipLo) + ", "
                + fmt(clipHi) + "]");
        w.empty("rect", "class", "clip", "x", coord(x.applyAsDouble(clipLo)), "y", String.valueOf(TOP),
                "width", coord(Math.max(0.5, x.applyAsDouble(clipHi) - x.applyAsDouble(clipLo))),
                "height", coord(plotH));
        double barW = plotW / BARS;
        double logPeak = Math.log10(1 + peak);
        for (int i = 0; i < BARS; i++) {
            if (bars[i] == 0) {
                continue;
            }
            double h = logPeak == 0 ? 0 : Math.log10(1 + bars[i]) / logPeak * plotH;
            w.empty("rect", "class", "bar", "x", coord(LEFT + i * barW), "y", coord(TOP + plotH - h),
                    "width", coord(Math.max(barW - 0.5, 0.5)), "height", coord(h));
        }
        double baseline = TOP + plotH;
        w.empty("line", "class", "axis", "x1", String.valueOf(LEFT), "y1", coord(baseline),
                "x2", coord(LEFT + plotW), "y2", coord(baseline));
        for (double edge : new double[] {clipLo, clipHi}) {
            double ex = x.applyAsDouble(edge);
            w.empty("line", "class", "edge", "x1", coord(ex), "y1", String.valueOf(TOP - 4), "x2", coord(ex),
                    "y2", coord(baseline));
        }
        // The edge labels sit inside the shaded range, so they stay on the plot when the range spans it.
        w.element("text", fmt(clipLo), "class", "edge-label", "x", coord(x.applyAsDouble(clipLo) + 3), "y", "11",
                "text-anchor", "start");
        w.element("text", fmt(clipHi), "class", "edge-label", "x", coord(x.applyAsDouble(clipHi) - 3), "y", "11",
                "text-anchor", "end");
        w.element("text", "min " + fmt(min), "x", String.valueOf(LEFT), "y", coord(baseline + 16), "text-anchor", "start");
        w.element("text", "max " + fmt(max), "x", coord(LEFT + plotW), "y", coord(baseline + 16), "text-anchor", "end");
        w.element("text", "log\u2081\u2080(1 + count); " + histogram.total() + " values", "x", coord(LEFT + plotW / 2),
                "y", coord(baseline + 16), "text-anchor", "middle");
        w.close("svg");
    }

    /** A coordinate in the SVG's user units. */
    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A value of the data, for labels. */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
