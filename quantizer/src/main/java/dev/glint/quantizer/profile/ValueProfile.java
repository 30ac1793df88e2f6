package dev.glint.quantizer.profile;

/** What profiling learned about one float value: its exact minimum and maximum and a histogram. */
public final class ValueProfile {
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private final Histogram histogram;

    public ValueProfile() {
        this(new Histogram());
    }

    public ValueProfile(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Restores a stored profile. */
    public static ValueProfile of(float min, float max, Histogram histogram) {
        ValueProfile p = new ValueProfile(histogram);
        p.min = min;
        p.max = max;
        return p;
    }

    /** Records finite values. */
    public void add(float[] values) {
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        histogram.add(values);
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    public boolean isEmpty() {
        return histogram.isEmpty();
    }

    public Histogram histogram() {
        return histogram;
    }
}
