package dev.glint.quantizer.optimize;

import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantRange;
import java.util.Objects;

/** Questions the rewrites ask about quantized types. */
final class QuantTypes {
    private QuantTypes() {}

    /** True for a per-tensor quantized type of at most 16 bits (the types activations and Rescale use). */
    static boolean isActivation(TensorType t) {
        return t != null && t.isQuantized() && t.quant().isPerTensor() && t.kind().bytes() <= 2;
    }

    /** {@link #isActivation(TensorType)} of a node's output. */
    static boolean isActivation(Node n) {
        return isActivation(n.type());
    }

    /** True when both types have the same kind and quantization parameters (shapes may differ). */
    static boolean sameParams(TensorType a, TensorType b) {
        return a.kind() == b.kind() && Objects.equals(a.quant(), b.quant());
    }

    /** The kind and (per-tensor) parameters of {@code params} on {@code shape}. */
    static TensorType withShape(TensorType params, int[] shape) {
        return new TensorType(params.kind(), shape, params.quant());
    }

    /** The per-tensor parameters and integer range of an activation type. */
    static QuantRange range(TensorType t) {
        return QuantRange.of(t, "quantized value");
    }

    /** The real value of the smallest code. */
    static float lowest(TensorType t) {
        QuantRange r = range(t);
        return r.dequantize(r.qmin());
    }

    /** The real value of the largest code. */
    static float highest(TensorType t) {
        QuantRange r = range(t);
        return r.dequantize(r.qmax());
    }

    /** The largest magnitude the type represents. */
    static double maxMagnitude(TensorType t) {
        return Math.max(Math.abs((double) lowest(t)), Math.abs((double) highest(t)));
    }

    /** The code that represents {@code value} exactly, or null when no code does. */
    static Integer exactCode(TensorType t, float value) {
        QuantRange r = range(t);
        int q = r.quantize(value);
        return r.dequantize(q) == value ? q : null;
    }
}
