package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;

/**
 * 16-bit activations: int16 with offset 0 and scale {@code max|x| / 32767}. Weights stay 8-bit; products
 * and sums are computed exactly in integers (64-bit accumulators), so this is the high-precision option
 * for layers where 256 levels are not enough.
 */
public final class SymmetricInt16Schema implements Schema {
    @Override
    public String name() {
        return "symmetric-int16";
    }

    @Override
    public ActivationQuant choose(float lo, float hi) {
        double m = Math.max(Math.abs((double) lo), Math.abs((double) hi));
        return new ActivationQuant(ElemKind.INT16, Schema.scaleFor(m, 32767), 0);
    }
}
