package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedConv;
import java.util.Arrays;
import java.util.List;

/**
 * A fully connected layer: {@code y[m, n] = sum_k x[m, k] * W[n, k] + b[n]}. Weights are stored
 * output-channel major ({@code [N, K]}, as PyTorch's Linear and Gemm with transB), so that per-channel
 * quantization is along axis 0 as for convolution. The bias {@code [N]} is optional.
 */
public final class FullyConnectedNode extends Node {
    public FullyConnectedNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(2, 3);
    }

    public boolean hasBias() {
        return numInputs() == 3;
    }

    /**
     * A quantized fully connected layer may declare raw int32 accumulators as its output type: i32 without
     * quantization parameters (see {@link QuantizedConv#isRawAccumulator}).
     */
    @Override
    public ElemKind inferKind() {
        if (type() != null && inType(0).isQuantized() && QuantizedConv.isRawAccumulator(type())) {
            return ElemKind.INT32;
        }
        return super.inferKind();
    }

    @Override
    public String op() {
        return "FullyConnected";
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        int[] w = inType(1).shape();
        String what = "FullyConnected node '" + name() + "'";
        if (x.length != 2 || w.length != 2 || x[1] != w[1]) {
            throw new GlintException(what + ": input " + Arrays.toString(x) + " and weights " + Arrays.toString(w)
                    + " must be [M,K] and [N,K]");
        }
        if (hasBias() && !Arrays.equals(inType(2).shape(), new int[] {w[0]})) {
            throw new GlintException(what + ": bias shape " + Arrays.toString(inType(2).shape()) + " is not [" + w[0] + "]");
        }
        return new int[] {x[0], w[0]};
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedConv.fullyConnected(this, in.get(0), in.get(1), hasBias() ? in.get(2) : null);
        }
        requireFloat(0);
        int[] xs = in.get(0).shape();
        int m = xs[0];
        int k = xs[1];
        int n = type().dim(1);
        float[] x = in.get(0).floats();
        float[] w = in.get(1).floats();
        float[] b = hasBias() ? in.get(2).floats() : null;
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = b == null ? 0 : b[j];
                for (int q = 0; q < k; q++) {
                    acc += (double) x[i * k + q] * w[j * k + q];
                }
                out[i * n + j] = (float) acc;
            }
        }
        return Tensor.ofFloats(TensorType.f32(m, n), out);
    }
}
