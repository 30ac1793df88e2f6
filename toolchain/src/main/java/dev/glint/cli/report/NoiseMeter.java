package dev.glint.cli.report;

/**
 * Accumulates the energy of a reference signal and of its difference from an approximation, over any
 * number of tensors, and gives the signal-to-quantization-noise ratio
 * {@code SQNR = 10 log10(Σ f² / Σ (f − q)²)} in dB.
 */
public final class NoiseMeter {
    private double signal;
    private double noise;

    /** Adds elementwise pairs: {@code reference[i]} and its approximation {@code approx[i]}. */
    public void add(float[] reference, float[] approx) {
        if (reference.length != approx.length) {
            throw new IllegalArgumentException(reference.length + " reference values, " + approx.length + " approximations");
        }
        for (int i = 0; i < reference.length; i++) {
            double f = reference[i];
            double d = f - approx[i];
            signal += f * f;
            noise += d * d;
        }
    }

    /** Adds everything another meter has accumulated (noise of several inputs taken together). */
    public void add(NoiseMeter other) {
        signal += other.signal;
        noise += other.noise;
    }

    public double signal() {
        return signal;
    }

    public double noise() {
        return noise;
    }

    /** SQNR in dB: infinite when there is no noise, NaN when nothing (or only zeros) was measured. */
    public double sqnrDb() {
        if (noise == 0) {
            return signal == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(signal / noise);
    }
}
