package dev.glint.quantizer.calibration;

import dev.glint.ir.GlintException;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.Schema;

/** Chooses the clipping range of a value from its profile. */
public interface Calibration {
    /** The name used on the command line. */
    String name();

    /** The range {@code [lo, hi]} to quantize, for values quantized with {@code schema}. */
    Range choose(ValueProfile profile, Schema schema);

    /** A clipping range. */
    record Range(float lo, float hi) {}

    /** Parses {@code minmax|percentile[:P]|kl|mse}. */
    static Calibration parse(String s) {
        if (s.equals("minmax")) {
            return new MinMaxCalibration();
        }
        if (s.equals("kl")) {
            return new KlCalibration();
        }
        if (s.equals("mse")) {
            return new MseCalibration();
        }
        if (s.equals("percentile")) {
            return new PercentileCalibration(99.99);
        }
        if (s.startsWith("percentile:")) {
            try {
                double p = Double.parseDouble(s.substring("percentile:".length()));
                if (p > 50 && p <= 100) {
                    return new PercentileCalibration(p);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new GlintException("bad percentile in '" + s + "' (expected e.g. percentile:99.99, in (50, 100])");
        }
        throw new GlintException("unknown calibration '" + s + "' (minmax, percentile[:P], kl, mse)");
    }
}
