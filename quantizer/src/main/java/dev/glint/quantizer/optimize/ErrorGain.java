package dev.glint.quantizer.optimize;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.LeakyReluNode;
import dev.glint.ir.ops.MatMulNode;
import dev.glint.ir.ops.MulNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.ops.SigmoidNode;
import dev.glint.ir.ops.TanhNode;

/**
 * How far an error in one operand can move an operation's real result: the smallest {@code G} this class
 * can prove with {@code |Δy| <= G * max|Δx|}. It bounds what removing a rounding of that operand can do.
 */
final class ErrorGain {
    private ErrorGain() {}

    /** The gain of operand {@code i} of the integer operation {@code node}, or NaN when none is known. */
    static double of(Node node, int i) {
        if (node instanceof AddNode || DataMovement.isAveragePool(node) || DataMovement.isMaxPool(node)
                || node instanceof DequantizeNode || node instanceof ReluNode || node instanceof ClipNode
                || node instanceof TanhNode) {
            return 1; // sums with weight 1, averages, maxima and 1-Lipschitz functions
        }
        if (node instanceof SigmoidNode) {
            return 0.25; // the steepest slope of the logistic function, at 0
        }
        if (node instanceof LeakyReluNode l) {
            return Math.max(1, Math.abs(l.alpha()));
        }
        if (node instanceof MulNode) {
            Node other = node.input(1 - i);
            return QuantTypes.isActivation(other) ? QuantTypes.maxMagnitude(other.type()) : Double.NaN;
        }
        if ((node instanceof ConvNode || node instanceof FullyConnectedNode) && i == 0
                && node.input(1) instanceof ConstantNode w) {
            return largestRowSum(w.value());
        }
        if (node instanceof MatMulNode && i == 0 && node.input(1) instanceof ConstantNode b) {
            return largestColumnSum(b.value());
        }
        return Double.NaN;
    }

    /** The largest sum of real magnitudes over one output channel (axis 0) of quantized weights. */
    private static double largestRowSum(Tensor w) {
        QuantParams q = w.type().quant();
        if (q == null || !(q.isPerTensor() || q.axis() == 0)) {
            return Double.NaN;
        }
        int[] v = w.ints();
        int rows = w.shape()[0];
        int inner = rows == 0 ? 0 : v.length / rows;
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            int c = q.isPerTensor() ? 0 : r;
            double sum = 0;
            for (int j = 0; j < inner; j++) {
                sum += Math.abs(v[r * inner + j] - q.offset(c)) * (double) q.scale(c);
            }
            worst = Math.max(worst, sum);
        }
        return worst;
    }

    /** The largest sum of real magnitudes over one column (last axis) of a quantized right operand {@code [..., K, N]}. */
    private static double largestColumnSum(Tensor b) {
        QuantParams q = b.type().quant();
        int[] s = b.shape();
        if (q == null || s.length < 2 || !(q.isPerTensor() || q.axis() == s.length - 1)) {
            return Double.NaN;
        }
        int n = s[s.length - 1];
        int k = s[s.length - 2];
        int[] v = b.ints();
        int batches = k * n == 0 ? 0 : v.length / (k * n);
        double worst = 0;
        for (int bi = 0; bi < batches; bi++) {
            for (int j = 0; j < n; j++) {
                int c = q.isPerTensor() ? 0 : j;
                double sum = 0;
                for (int r = 0; r < k; r++) {
                    sum += Math.abs(v[(bi * k + r) * n + j] - q.offset(c)) * (double) q.scale(c);
                }
                worst = Math.max(worst, sum);
            }
        }
        return worst;
    }
}
