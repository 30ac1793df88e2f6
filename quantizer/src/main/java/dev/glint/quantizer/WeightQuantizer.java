package dev.glint.quantizer;

import dev.glint.ir.ElemKind;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.Shapes;
import dev.glint.ir.quant.NumericContract;

/**
 * Quantizes constant weights (symmetric int8, offset 0, per output channel along {@code axis} or per
 * tensor) and biases (int32, scale {@code s_x * s_w[c]}, offset 0), once, at compile time.
 * Symmetric weights use [-127, 127] so that negation is exact ([-63, 63] with 7 bits).
 */
public final class WeightQuantizer {
    private WeightQuantizer() {}

    /** Quantizes float weights to 8 bits; {@code axis < 0} means per tensor. */
    public static Tensor weights(Tensor w, int axis) {
        return weights(w, axis, 8);
    }

    /** Quantizes float weights to {@code bits} bits (7 or 8), symmetric; {@code axis < 0} means per tensor. */
    public static Tensor weights(Tensor w, int axis, int bits) {
        int limit = (1 << (bits - 1)) - 1;
        float[] v = w.floats();
        int[] shape = w.shape();
        int channels = axis < 0 ? 1 : shape[axis];
        int inner = axis < 0 ? v.length : Shapes.product(shape, axis + 1, shape.length);
        float[] maxAbs = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % channels;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(v[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = maxAbs[c] > 0 ? maxAbs[c] / limit : 1f;
        }
        QuantParams q = axis < 0 ? QuantParams.perTensor(scales[0], 0) : QuantParams.perAxis(axis, scales, new int[channels]);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % channels;
            out[i] = NumericContract.quantize(v[i], scales[c], 0, -limit, limit);
        }
        return Tensor.ofInts(new TensorType(ElemKind.INT8, shape, q), out);
    }

    /** Quantizes a float bias {@code [C]} to int32 in accumulator units {@code s_x * s_w[c]}. */
    public static Tensor bias(Tensor b, float sx, QuantParams weightParams) {
        float[] v = b.floats();
        float[] scales = new float[v.length];
        int[] out = new int[v.length];
        for (int c = 0; c < v.length; c++) {
            float sw = weightParams.scale(weightParams.isPerTensor() ? 0 : c);
            scales[c] = (float) ((double) sx * sw);
            out[c] = NumericContract.saturateInt32(Math.round((double) v[c] / ((double) sx * sw)));
        }
        QuantParams q = QuantParams.perAxis(0, scales, new int[v.length]);
        return Tensor.ofInts(new TensorType(ElemKind.INT32, b.shape(), q), out);
    }
}
