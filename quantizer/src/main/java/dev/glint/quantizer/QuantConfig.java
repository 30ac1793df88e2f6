package dev.glint.quantizer;

import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.calibration.MinMaxCalibration;
import dev.glint.quantizer.schema.AsymmetricSchema;
import dev.glint.quantizer.schema.Schema;
import java.util.Set;

/**
 * How to quantize: the activation schema, the calibration method, per-channel or per-tensor weights, the
 * nodes to keep in float (by value name or ONNX node name), whether anything left in float is an error,
 * whether to convert node by node ({@code naiveConversion}), and the weights' bits ({@code weightBits}: 8,
 * codes in [-127, 127], or 7, codes in [-63, 63], which lets AVX2 machines without VNNI use their fast
 * byte multiply-add exactly, for half a bit of weight precision).
 *
 * <p>The naive, node-by-node conversion wraps every quantized node individually: each of its activation
 * inputs gets its own Quantize (non-weight constants too, as a Quantize of the float constant) and its
 * output a Dequantize that every later reader goes through, as a converter that looks at one node at a time
 * would. It quantizes exactly the nodes, with exactly the types, that the default conversion does; it
 * exists as the "before" against which the optimizer ({@code dev.glint.quantizer.optimize.QuantOptimizer})
 * is measured, and its output, once optimized, should need no more conversions than the default's.
 */
public record QuantConfig(Schema schema, Calibration calibration, boolean perChannel, Set<String> keepFloat,
        boolean strict, boolean naiveConversion, int weightBits) {
    public QuantConfig {
        keepFloat = Set.copyOf(keepFloat);
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("weight bits must be 7 or 8, got " + weightBits);
        }
    }

    /** A configuration with the default (island-sharing) conversion. */
    public QuantConfig(Schema schema, Calibration calibration, boolean perChannel, Set<String> keepFloat,
            boolean strict) {
        this(schema, calibration, perChannel, keepFloat, strict, false, 8);
    }

    /** Asymmetric int8 activations, min-max calibration, per-channel weights. */
    public static QuantConfig defaults() {
        return new QuantConfig(new AsymmetricSchema(), new MinMaxCalibration(), true, Set.of(), false, false, 8);
    }

    public QuantConfig withSchema(Schema s) {
        return new QuantConfig(s, calibration, perChannel, keepFloat, strict, naiveConversion, weightBits);
    }

    public QuantConfig withCalibration(Calibration c) {
        return new QuantConfig(schema, c, perChannel, keepFloat, strict, naiveConversion, weightBits);
    }

    public QuantConfig withPerChannel(boolean pc) {
        return new QuantConfig(schema, calibration, pc, keepFloat, strict, naiveConversion, weightBits);
    }

    public QuantConfig withKeepFloat(Set<String> names) {
        return new QuantConfig(schema, calibration, perChannel, names, strict, naiveConversion, weightBits);
    }

    public QuantConfig withStrict(boolean s) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, s, naiveConversion, weightBits);
    }

    /** Weights quantized to {@code bits} bits (7 or 8; see the class comment). */
    public QuantConfig withWeightBits(int bits) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, strict, naiveConversion, bits);
    }

    /** Node-by-node conversion (see the class comment) when {@code naive}; the default conversion otherwise. */
    public QuantConfig withNaiveConversion(boolean naive) {
        return new QuantConfig(schema, calibration, perChannel, keepFloat, strict, naive, weightBits);
    }
}
