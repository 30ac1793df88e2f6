package dev.glint.cli.report;

import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.NumericContract;

/** The real numbers a tensor stands for: float data as it is, quantized data dequantized. */
final class RealValues {
    private RealValues() {}

    /** {@code (q - offset) * scale} per element (per-axis parameters by the element's index on the axis). */
    static float[] of(Tensor t) {
        TensorType type = t.type();
        if (type.kind().isFloat()) {
            return t.floats();
        }
        if (!type.isQuantized()) {
            return t.toFloatArray();
        }
        QuantParams qp = type.quant();
        int n = t.size();
        float[] out = new float[n];
        if (qp.isPerTensor()) {
            for (int i = 0; i < n; i++) {
                out[i] = NumericContract.dequantize((int) t.getLong(i), qp.scale(), qp.offset());
            }
            return out;
        }
        int[] shape = type.shape();
        int inner = 1;
        for (int d = qp.axis() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int axisLen = shape[qp.axis()];
        for (int i = 0; i < n; i++) {
            int c = (i / inner) % axisLen;
            out[i] = NumericContract.dequantize((int) t.getLong(i), qp.scale(c), qp.offset(c));
        }
        return out;
    }

    /** The lowest and highest real values a quantized type can hold (per-tensor parameters); null otherwise. */
    static double[] representableRange(TensorType type) {
        if (!type.isQuantized() || !type.quant().isPerTensor()) {
            return null;
        }
        QuantParams qp = type.quant();
        return new double[] {(type.kind().min() - qp.offset()) * (double) qp.scale(),
                (type.kind().max() - qp.offset()) * (double) qp.scale()};
    }
}
