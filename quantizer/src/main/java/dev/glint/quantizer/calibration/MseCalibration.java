package dev.glint.quantizer.calibration;

import dev.glint.ir.quant.NumericContract;
import dev.glint.quantizer.profile.Histogram;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.ActivationQuant;
import dev.glint.quantizer.schema.Schema;

/**
 * Chooses the clipping range that minimises the expected squared quantization error (rounding plus
 * clipping) over the histogram, trying ranges shrunk from the observed one in 1 % steps. Each bin's mass
 * is taken at its centre.
 */
public final class MseCalibration implements Calibration {
    private static final int STEPS = 100;

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Range choose(ValueProfile p, Schema schema) {
        Histogram h = p.histogram();
        Range best = new Range(p.min(), p.max());
        double bestErr = Double.POSITIVE_INFINITY;
        for (int step = STEPS; step >= 1; step--) {
            double f = step / (double) STEPS;
            Range r = new Range((float) (p.min() * f), (float) (p.max() * f));
            double err = expectedSquaredError(h, schema.choose(r.lo(), r.hi()));
            if (err < bestErr) {
                bestErr = err;
                best = r;
            }
        }
        return best;
    }

    /** Σ count · (x − dequantize(quantize(x)))² over bin centres. */
    static double expectedSquaredError(Histogram h, ActivationQuant q) {
        int qmin = (int) q.kind().min();
        int qmax = (int) q.kind().max();
        double err = 0;
        for (int b = 0; b < h.bins(); b++) {
            long c = h.count(b);
            if (c == 0) {
                continue;
            }
            float x = (float) h.centre(b);
            float back = NumericContract.dequantize(NumericContract.quantize(x, q.scale(), q.offset(), qmin, qmax), q.scale(), q.offset());
            double d = x - back;
            err += c * d * d;
        }
        return err;
    }
}
