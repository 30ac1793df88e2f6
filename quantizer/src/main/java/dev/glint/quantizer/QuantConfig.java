package dev.glint.quantizer;

import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.calibration.MinMaxCalibration;
import dev.glint.quantizer.schema.AsymmetricSchema;
import dev.glint.quantizer.schema.Schema;
import java.util.Set;

/**
 * How to quantize: the activation schema, the calibration method, per-channel or per-tensor weights, the
 * nodes to keep in float (by value name or ONNX node name), and whether anything left in float is an error.
 */
public record QuantConfig(Schema schema, Calibration calibration, boolean perChannel, Set<String> keepFloat,
        boolean strict) {
    public QuantConfig {
        keepFloat = Set.copyOf(keepFloat);
    }

    /** Asymmetric int8 activations, min-max calibration, per-channel weights. */
    public static QuantConfig defaults() {
        return new QuantConfig(new AsymmetricSchema(), new MinMaxCalibration(), true, Set.of(), false);
    }

    public QuantConfig withSchema(Schema s) {
        return new QuantConfig(s, calibration, perChannel, keepFloat, strict);
    }

    public QuantConfig withCalibration(Calibration c) {
        return new QuantConfig(schema, c, perChannel, keepFloat, strict);
    }

    public QuantConfig withPerChannel(boolean pc) {
        return new QuantConfig(schema, calibration, pc, keepFloat, strict);
    }

    public QuantConfig withKeepFloat(Set<String> names) {
        return new QuantConfig(schema, calibration, perChannel, names, strict);
    }

    public QuantConfig withStrict(boolean s) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, s);
    }
}
