package dev.glint.tests;

import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Elementwise closeness of a computed tensor to a reference: {@code |a - b| <= atol + rtol * |b|} for
 * every element (b the reference), NaN equal to NaN, infinities equal to themselves.
 */
final class TensorComparison {
    private TensorComparison() {}

    /** Null when {@code actual} matches {@code expected}; otherwise a one-line description of the worst element. */
    static String mismatch(Tensor actual, Tensor expected, double rtol, double atol) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + " differs from expected " + Arrays.toString(expected.shape());
        }
        int worst = -1;
        double worstExcess = 0;
        int bad = 0;
        for (int i = 0; i < expected.size(); i++) {
            double a = actual.getDouble(i);
            double b = expected.getDouble(i);
            if (Double.isNaN(a) && Double.isNaN(b) || a == b) {
                continue;
            }
            double excess = Math.abs(a - b) - (atol + rtol * Math.abs(b));
            if (!(excess <= 0)) {
                bad++;
                if (worst < 0 || !(excess <= worstExcess)) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (bad == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d elements differ; worst at %d: got %s, expected %s (rtol %g, atol %g)",
                bad, expected.size(), worst, actual.getDouble(worst), expected.getDouble(worst), rtol, atol);
    }

    /** Largest absolute value of a tensor (0 for an empty one; NaN ignored). */
    static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            double v = Math.abs(t.getDouble(i));
            if (v > m) {
                m = v;
            }
        }
        return m;
    }
}
