package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;

/** Symmetric, but non-negative values (e.g. after ReLU) use uint8 with offset 0 to keep all 256 codes. */
public final class SymmetricUint8Schema implements Schema {
    @Override
    public String name() {
        return "symmetric-uint8";
    }

    @Override
    public ActivationQuant choose(float lo, float hi) {
        if (lo >= 0) {
            return new ActivationQuant(ElemKind.UINT8, Schema.scaleFor(Math.max(hi, 0f), 255), 0);
        }
        return new SymmetricSchema().choose(lo, hi);
    }
}
