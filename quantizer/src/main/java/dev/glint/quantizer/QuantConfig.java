package dev.glint.quantizer;

import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.calibration.MinMaxCalibration;
import dev.glint.quantizer.schema.AsymmetricSchema;
import dev.glint.quantizer.schema.Schema;
import java.util.Set;

/**
 * How to quantize: the activation schema, the calibration method, per-channel or per-tensor weights, the
 * nodes to keep in float (by value name or ONNX node name), whether anything left in float is an error, and
 * whether to convert node by node ({@code naiveConversion}).
 *
 * <p>The naive, node-by-node conversion wraps every quantized node individually: each of its activation
 * inputs gets its own Quantize (non-weight constants too, as a Quantize of the float constant) and its
 * output a Dequantize that every later reader goes through, as a converter that looks at one node at a time
 * would. It quantizes exactly the nodes, with exactly the types, that the default conversion does; it
 * exists as the "before" against which the optimizer ({@code dev.glint.quantizer.optimize.QuantOptimizer})
 * is measured, and its output, once optimized, should need no more conversions than the default's.
 */
public record QuantConfig(Schema schema, Calibration calibration, boolean perChannel, Set<String> keepFloat,
        boolean strict, boolean naiveConversion) {
    public QuantConfig {
        keepFloat = Set.copyOf(keepFloat);
    }

    /** A configuration with the default (island-sharing) conversion. */
    public QuantConfig(Schema schema, Calibration calibration, boolean perChannel, Set<String> keepFloat,
            boolean strict) {
        this(schema, calibration, perChannel, keepFloat, strict, false);
    }

    /** Asymmetric int8 activations, min-max calibration, per-channel weights. */
    public static QuantConfig defaults() {
        return new QuantConfig(new AsymmetricSchema(), new MinMaxCalibration(), true, Set.of(), false, false);
    }

    public QuantConfig withSchema(Schema s) {
        return new QuantConfig(s, calibration, perChannel, keepFloat, strict, naiveConversion);
    }

    public QuantConfig withCalibration(Calibration c) {
        return new QuantConfig(schema, c, perChannel, keepFloat, strict, naiveConversion);
    }

    public QuantConfig withPerChannel(boolean pc) {
        return new QuantConfig(schema, calibration, pc, keepFloat, strict, naiveConversion);
    }

    public QuantConfig withKeepFloat(Set<String> names) {
        return new QuantConfig(schema, calibration, perChannel, names, strict, naiveConversion);
    }

    public QuantConfig withStrict(boolean s) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, s, naiveConversion);
    }

    /** Node-by-node conversion (see the class comment) when {@code naive}; the default conversion otherwise. */
    public QuantConfig withNaiveConversion(boolean naive) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, strict, naive);
    }
}
