package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;

/** Symmetric int8 whose scale is rounded up to a power of two (rescales become shifts). */
public final class PowerOfTwoSchema implements Schema {
    @Override
    public String name() {
        return "power2";
    }

    @Override
    public ActivationQuant choose(float lo, float hi) {
        double m = Math.max(Math.abs((double) lo), Math.abs((double) hi));
        float s = Schema.scaleFor(m, 127);
        int exp = Math.getExponent(s);
        float p = Math.scalb(1f, exp);
        if (p < s) {
            p = Math.scalb(1f, exp + 1);
        }
        return new ActivationQuant(ElemKind.INT8, p, 0);
    }
}
