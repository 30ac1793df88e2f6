package dev.glint.quantizer.calibration;

import dev.glint.quantizer.profile.Histogram;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.Schema;

/**
 * Entropy calibration (Migacz, "8-bit Inference with TensorRT", GTC 2017): over a histogram of |x| with
 * {@value #BINS} bins, pick the threshold whose clipped distribution P and its quantized-to-{@code levels}
 * approximation Q have the least KL divergence. {@code levels} is 128 for signed data (7 magnitude bits)
 * and 256 for non-negative data. The threshold must leave at least {@code levels} bins, so with 2048 bins
 * the search really chooses (unlike a search over as many bins as levels, which never clips).
 */
public final class KlCalibration implements Calibration {
    static final int BINS = 2048;

    @Override
    public String name() {
        return "kl";
    }

    @Override
    public Range choose(ValueProfile p, Schema schema) {
        boolean nonNegative = p.min() >= 0;
        double maxAbs = Math.max(Math.abs((double) p.min()), Math.abs((double) p.max()));
        if (maxAbs == 0) {
            return new Range(0, 0);
        }
        long[] hist = magnitudeHistogram(p.histogram(), maxAbs);
        int levels = nonNegative ? 256 : 128;
        int bestBins = BINS;
        double bestKl = Double.POSITIVE_INFINITY;
        for (int i = levels; i <= BINS; i++) {
            double kl = divergence(hist, i, levels);
            if (kl < bestKl) {
                bestKl = kl;
                bestBins = i;
            }
        }
        double threshold = maxAbs * bestBins / BINS;
        float lo = nonNegative ? 0f : (float) Math.max(p.min(), -threshold);
        return new Range(lo, (float) Math.min(p.max(), threshold));
    }

    /** Re-bins the value histogram into {@value #BINS} bins of |x| over {@code [0, maxAbs]} by bin centre. */
    static long[] magnitudeHistogram(Histogram h, double maxAbs) {
        long[] m = new long[BINS];
        for (int b = 0; b < h.bins(); b++) {
            long c = h.count(b);
            if (c != 0) {
                int t = (int) (Math.abs(h.centre(b)) / maxAbs * BINS);
                m[Math.min(t, BINS - 1)] += c;
            }
        }
        return m;
    }

    /** KL(P || Q) for the first {@code bins} bins with outliers folded into the last, Q with {@code levels} levels. */
    static double divergence(long[] hist, int bins, int levels) {
        double[] pd = new double[bins];
        for (int j = 0; j < bins; j++) {
            pd[j] = hist[j];
        }
        for (int j = bins; j < hist.length; j++) {
            pd[bins - 1] += hist[j];
        }
        double[] q = new double[bins];
        for (int l = 0; l < levels; l++) {
            int start = (int) ((long) l * bins / levels);
            int end = (int) ((long) (l + 1) * bins / levels);
            double sum = 0;
            int nonZero = 0;
            for (int j = start; j < end; j++) {
                sum += hist[j]; // the unclipped counts: Q quantizes the clipped range as the hardware would
                if (hist[j] != 0) {
                    nonZero++;
                }
            }
            for (int j = start; j < end; j++) {
                q[j] = hist[j] != 0 ? sum / nonZero : 0;
            }
        }
        double pSum = 0;
        double qSum = 0;
        for (int j = 0; j < bins; j++) {
            pSum += pd[j];
            qSum += q[j];
        }
        if (pSum == 0 || qSum == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double kl = 0;
        for (int j = 0; j < bins; j++) {
            if (pd[j] == 0) {
                continue;
            }
            double pj = pd[j] / pSum;
            double qj = q[j] / qSum;
            kl += qj > 0 ? pj * Math.log(pj / qj) : pj * Math.log(pj / 1e-10);
        }
        return kl;
    }
}
