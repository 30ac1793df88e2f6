package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * General matrix multiply, ONNX semantics: {@code Y = alpha * op(A) * op(B) + beta * C}, where op
 * transposes when {@code transA}/{@code transB} is set and C (optional) broadcasts to {@code [M, N]}.
 */
public final class GemmNode extends Node {
    private final float alpha;
    private final float beta;
    private final boolean transA;
    private final boolean transB;

    public GemmNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(2, 3);
        alpha = attrs.getFloat("alpha", 1f);
        beta = attrs.getFloat("beta", 1f);
        transA = attrs.getInt("transA", 0) != 0;
        transB = attrs.getInt("transB", 0) != 0;
    }

    public float alpha() {
        return alpha;
    }

    public float beta() {
        return beta;
    }

    public boolean transA() {
        return transA;
    }

    public boolean transB() {
        return transB;
    }

    @Override
    public String op() {
        return "Gemm";
    }

    @Override
    public int[] inferShape() {
        int[] a = inType(0).shape();
        int[] b = inType(1).shape();
        String what = "Gemm node '" + name() + "'";
        if (a.length != 2 || b.length != 2) {
            throw new GlintException(what + ": A " + Arrays.toString(a) + " and B " + Arrays.toString(b) + " must be 2-D");
        }
        int m = transA ? a[1] : a[0];
        int k = transA ? a[0] : a[1];
        int kb = transB ? b[1] : b[0];
        int n = transB ? b[0] : b[1];
        if (k != kb) {
            throw new GlintException(what + ": inner dimensions differ: " + k + " vs " + kb);
        }
        if (numInputs() == 3) {
            int[] bc = Shapes.broadcast(inType(2).shape(), new int[] {m, n}, what + " (bias C)");
            if (!Arrays.equals(bc, new int[] {m, n})) {
                throw new GlintException(what + ": C " + Arrays.toString(inType(2).shape()) + " does not broadcast to [" + m + "," + n + "]");
            }
        }
        return new int[] {m, n};
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        requireFloat(0);
        int[] as = in.get(0).shape();
        int[] os = type().shape();
        int m = os[0];
        int n = os[1];
        int k = transA ? as[0] : as[1];
        float[] a = in.get(0).floats();
        float[] b = in.get(1).floats();
        float[] out = new float[m * n];
        float[] c = numInputs() == 3 ? in.get(2).floats() : null;
        int[] cStrides = c == null ? null : Shapes.broadcastStrides(in.get(2).shape(), os);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p * m + i] : a[i * k + p];
                    float bv = transB ? b[j * k + p] : b[p * n + j];
                    acc += (double) av * bv;
                }
                double y = alpha * acc;
                if (c != null) {
                    y += (double) beta * c[i * cStrides[0] + j * cStrides[1]];
                }
                out[i * n + j] = (float) y;
            }
        }
        return Tensor.ofFloats(TensorType.f32(os), out);
    }
}
