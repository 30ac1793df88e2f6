package dev.glint.quantizer.calibration;

import dev.glint.quantizer.profile.Histogram;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.Schema;

/**
 * Clips each tail at a percentile: the range runs from the {@code (100 - P)}-th to the {@code P}-th
 * percentile of the observed values, interpolating linearly inside histogram bins.
 */
public final class PercentileCalibration implements Calibration {
    private final double percentile;

    public PercentileCalibration(double percentile) {
        this.percentile = percentile;
    }

    @Override
    public String name() {
        return "percentile:" + percentile;
    }

    @Override
    public Range choose(ValueProfile p, Schema schema) {
        Histogram h = p.histogram();
        double lo = quantile(h, 1 - percentile / 100);
        double hi = quantile(h, percentile / 100);
        return new Range((float) Math.max(p.min(), lo), (float) Math.min(p.max(), hi));
    }

    /** The value below which fraction {@code q} of the histogram's mass lies. */
    static double quantile(Histogram h, double q) {
        long total = h.total();
        double target = q * total;
        double acc = 0;
        for (int b = 0; b < h.bins(); b++) {
            long c = h.count(b);
            if (c > 0 && acc + c >= target) {
                double within = (target - acc) / c;
                return h.lo() + (b + within) * h.width();
            }
            acc += c;
        }
        return h.hi();
    }
}
