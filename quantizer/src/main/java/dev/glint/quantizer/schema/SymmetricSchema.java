package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;

/** int8 with offset 0 and scale {@code max|x| / 127}. */
public final class SymmetricSchema implements Schema {
    @Override
    public String name() {
        return "symmetric";
    }

    @Override
    public ActivationQuant choose(float lo, float hi) {
        double m = Math.max(Math.abs((double) lo), Math.abs((double) hi));
        return new ActivationQuant(ElemKind.INT8, Schema.scaleFor(m, 127), 0);
    }
}
