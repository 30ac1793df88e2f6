package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;

/** int8 with a zero point: the 256 codes cover {@code [min(lo,0), max(hi,0)]} exactly. */
public final class AsymmetricSchema implements Schema {
    @Override
    public String name() {
        return "asymmetric";
    }

    @Override
    public ActivationQuant choose(float lo, float hi) {
        double l = Math.min(lo, 0f);
        double h = Math.max(hi, 0f);
        float scale = Schema.scaleFor(h - l, 255);
        long offset = Math.round(-128 - l / scale);
        return new ActivationQuant(ElemKind.INT8, scale, (int) Math.max(-128, Math.min(127, offset)));
    }
}
