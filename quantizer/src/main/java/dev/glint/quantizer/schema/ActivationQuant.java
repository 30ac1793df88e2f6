package dev.glint.quantizer.schema;

import dev.glint.ir.ElemKind;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;

/** The integer kind and per-tensor parameters a schema chose for one value. */
public record ActivationQuant(ElemKind kind, float scale, int offset) {
    public QuantParams params() {
        return QuantParams.perTensor(scale, offset);
    }

    /** The quantized type of a value of this shape. */
    public TensorType type(int[] shape) {
        return new TensorType(kind, shape, params());
    }
}
