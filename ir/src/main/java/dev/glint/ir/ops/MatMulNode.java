package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedConv;
import dev.glint.ir.quant.QuantizedMatMul;
import java.util.Arrays;
import java.util.List;

/**
 * Matrix product with numpy semantics: 1-D operands are promoted (and the promoted axis removed from
 * the result), leading batch dimensions broadcast.
 */
public final class MatMulNode extends Node {
    public MatMulNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(2, 2);
    }

    /**
     * A quantized matrix product (ONNX MatMulInteger) may declare raw int32 accumulators as its output
     * type: i32 without quantization parameters (see {@link QuantizedConv#isRawAccumulator}).
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
        return "MatMul";
    }

    /** The operands' shapes after promotion of 1-D operands: {@code [..., M, K]} and {@code [..., K, N]}. */
    private static int[][] promoted(int[] a, int[] b) {
        int[] pa = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] pb = b.length == 1 ? new int[] {b[0], 1} : b;
        return new int[][] {pa, pb};
    }

    @Override
    public int[] inferShape() {
        int[] a = inType(0).shape();
        int[] b = inType(1).shape();
        String what = "MatMul node '" + name() + "'";
        if (a.length == 0 || b.length == 0) {
            throw new GlintException(what + ": operands must have rank >= 1");
        }
        int[][] p = promoted(a, b);
        int[] pa = p[0];
        int[] pb = p[1];
        if (pa[pa.length - 1] != pb[pb.length - 2]) {
            throw new GlintException(what + ": inner dimensions differ: " + Arrays.toString(a) + " x " + Arrays.toString(b));
        }
        int[] batch = Shapes.broadcast(Arrays.copyOf(pa, pa.length - 2), Arrays.copyOf(pb, pb.length - 2), what);
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = pa[pa.length - 2];
        out[batch.length + 1] = pb[pb.length - 1];
        if (a.length == 1 && b.length == 1) {
            return new int[0];
        }
        if (a.length == 1) {
            int[] r = Arrays.copyOf(batch, batch.length + 1);
            r[batch.length] = pb[pb.length - 1];
            return r;
        }
        if (b.length == 1) {
            int[] r = Arrays.copyOf(batch, batch.length + 1);
            r[batch.length] = pa[pa.length - 2];
            return r;
        }
        return out;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedMatMul.matmul(this, in.get(0), in.get(1));
        }
        requireFloat(0);
        int[][] p = promoted(in.get(0).shape(), in.get(1).shape());
        int[] pa = p[0];
        int[] pb = p[1];
        int m = pa[pa.length - 2];
        int k = pa[pa.length - 1];
        int n = pb[pb.length - 1];
        int[] aBatch = Arrays.copyOf(pa, pa.length - 2);
        int[] bBatch = Arrays.copyOf(pb, pb.length - 2);
        int[] batch = Shapes.broadcast(aBatch, bBatch, "MatMul");
        float[] a = in.get(0).floats();
        float[] b = in.get(1).floats();
        int batches = Shapes.product(batch);
        float[] out = new float[batches * m * n];
        int[][] strides = {Shapes.broadcastStrides(aBatch, batch), Shapes.broadcastStrides(bBatch, batch)};
        Shapes.forEachIndex(batch, strides, (bi, offs) -> {
            int aOff = offs[0] * m * k;
            int bOff = offs[1] * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int q = 0; q < k; q++) {
                        acc += (double) a[aOff + i * k + q] * b[bOff + q * n + j];
                    }
                    out[(bi * m + i) * n + j] = (float) acc;
                }
            }
        });
        return Tensor.ofFloats(TensorType.f32(type().shape()), out);
    }
}
