package dev.glint.ir.quant;

import dev.glint.ir.GlintException;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.ops.MatMulNode;
import dev.glint.ir.ops.Shapes;
import java.util.Arrays;

/**
 * Reference int8 matrix product with numpy batch broadcasting: int32 accumulation of
 * {@code (a - z_a) * (b - z_b[j])}, requantized with {@code M[j] = s_a * s_b[j] / s_y}. The right operand
 * may be quantized per tensor or per column (its last axis), as ONNX's QLinearMatMul allows.
 *
 * <p>A declared output of {@code i32} without quantization parameters receives the raw int32
 * accumulators, with no requantization ({@link QuantizedConv#isRawAccumulator}): ONNX's MatMulInteger.
 */
public final class QuantizedMatMul {
    private QuantizedMatMul() {}

    public static Tensor matmul(MatMulNode node, Tensor at, Tensor bt) {
        String what = "MatMul node '" + node.name() + "'";
        QuantRange ar = QuantRange.of(at.type(), what);
        QuantRange yr = QuantizedConv.outputRange(node.type(), what);
        int[] as = at.shape();
        int[] bs = bt.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new GlintException(what + ": int8 MatMul needs operands of rank >= 2");
        }
        QuantParams qb = bt.type().quant();
        if (qb == null || !(qb.isPerTensor() || qb.axis() == bs.length - 1)) {
            throw new GlintException(what + ": right operand must be quantized per tensor or per column, got " + bt.type());
        }
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        float[] mult = new float[n];
        int[] zb = new int[n];
        for (int j = 0; j < n; j++) {
            int c = qb.isPerTensor() ? 0 : j;
            mult[j] = yr == null ? 0f : NumericContract.multiplier(ar.scale(), qb.scale(c), yr.scale());
            zb[j] = qb.offset(c);
        }
        int[] aBatch = Arrays.copyOf(as, as.length - 2);
        int[] bBatch = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shapes.broadcast(aBatch, bBatch, what);
        int[] a = at.ints();
        int[] b = bt.ints();
        int[] out = new int[Shapes.product(batch) * m * n];
        int[][] strides = {Shapes.broadcastStrides(aBatch, batch), Shapes.broadcastStrides(bBatch, batch)};
        Shapes.forEachIndex(batch, strides, (bi, offs) -> {
            int aOff = offs[0] * m * k;
            int bOff = offs[1] * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long acc = 0;
                    for (int q = 0; q < k; q++) {
                        acc += (long) (a[aOff + i * k + q] - ar.offset()) * (b[bOff + q * n + j] - zb[j]);
                    }
                    out[(bi * m + i) * n + j] = QuantizedConv.output(acc, mult[j], yr);
                }
            }
        });
        return Tensor.ofInts(node.type(), out);
    }
}
