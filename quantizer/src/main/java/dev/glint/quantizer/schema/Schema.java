package dev.glint.quantizer.schema;

import dev.glint.ir.GlintException;

/**
 * How a clipping range becomes quantization parameters. The range is always widened to contain 0, so
 * that zero padding and ReLU are exact in integers.
 */
public interface Schema {
    /** The name used on the command line. */
    String name();

    /** Kind, scale and offset for activations in {@code [lo, hi]}. */
    ActivationQuant choose(float lo, float hi);

    /** Parses {@code asymmetric|symmetric|symmetric-uint8|power2|symmetric-int16}. */
    static Schema parse(String s) {
        return switch (s) {
            case "asymmetric" -> new AsymmetricSchema();
            case "symmetric" -> new SymmetricSchema();
            case "symmetric-uint8" -> new SymmetricUint8Schema();
            case "power2" -> new PowerOfTwoSchema();
            case "symmetric-int16" -> new SymmetricInt16Schema();
            default -> throw new GlintException("unknown schema '" + s
                    + "' (asymmetric, symmetric, symmetric-uint8, power2, symmetric-int16)");
        };
    }

    /** A usable scale for a range of width {@code span} over {@code steps} steps (never zero or infinite). */
    static float scaleFor(double span, int steps) {
        double s = span / steps;
        if (!(s > 1e-30)) {
            return 1f; // an all-zero value: any scale represents it exactly
        }
        return (float) Math.min(s, Float.MAX_VALUE);
    }
}
