package dev.glint.quantizer.optimize;

import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.quant.NumericContract;

/** The real values a tensor stands for. */
final class Values {
    private Values() {}

    /** Floats as they are; quantized codes dequantized per tensor or per axis. */
    static float[] real(Tensor t) {
        if (t.type().kind().isFloat()) {
            return t.floats();
        }
        QuantParams q = t.type().quant();
        int[] v = t.ints();
        float[] r = new float[v.length];
        int[] shape = t.shape();
        int inner = 1;
        if (!q.isPerTensor()) {
            for (int d = q.axis() + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
        }
        for (int i = 0; i < v.length; i++) {
            int c = q.isPerTensor() ? 0 : (i / inner) % shape[q.axis()];
            r[i] = NumericContract.dequantize(v[i], q.scale(c), q.offset(c));
        }
        return r;
    }
}
