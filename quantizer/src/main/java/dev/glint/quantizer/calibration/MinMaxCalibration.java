package dev.glint.quantizer.calibration;

import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.Schema;

/** The observed minimum and maximum: nothing is clipped. */
public final class MinMaxCalibration implements Calibration {
    @Override
    public String name() {
        return "minmax";
    }

    @Override
    public Range choose(ValueProfile p, Schema schema) {
        return new Range(p.min(), p.max());
    }
}
