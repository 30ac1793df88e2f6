package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;

/**
 * The width of exact integer sums. The interpreter accumulates in int64; generated code uses int32
 * (twice the vector lanes, and what dot-product instructions produce) whenever a worst-case bound
 * computed at compile time shows that the sum cannot leave the int32 range — then both are exact and
 * agree — and int64 otherwise (16-bit activations, very long reductions).
 */
final class Accumulation {
    private Accumulation() {}

    /** The LLVM integer type that holds every sum whose magnitude is at most {@code worstCase}. */
    static String type(double worstCase) {
        return worstCase <= Integer.MAX_VALUE ? "i32" : "i64";
    }

    /** The largest {@code |q - offset|} over the codes of {@code kind}. */
    static long distance(ElemKind kind, long offset) {
        return Math.max(Math.abs(kind.min() - offset), Math.abs(kind.max() - offset));
    }

    /** The largest {@code |q - offset|} over a quantized type (every channel's offset). */
    static long distance(TensorType t) {
        QuantParams q = t.quant();
        long d = 0;
        for (int i = 0; i < q.size(); i++) {
            d = Math.max(d, distance(t.kind(), q.offset(i)));
        }
        return d;
    }

    /**
     * Bound of {@code |bias[c] + sum_k (x - z_x)(w[c][k] - z_w[c])|} for a conv or fully connected node
     * whose weights are {@code [channels, depth]} (flattened): exact per channel when weights and bias
     * are constants, from the kinds' ranges otherwise. Computed in double, exact far beyond 2^31.
     */
    static double productSumBound(Node node, int channels, long depth) {
        double dx = distance(node.input(0).type());
        TensorType wt = node.input(1).type();
        boolean hasBias = node.numInputs() == 3;
        int[] bias = hasBias && node.input(2) instanceof ConstantNode b ? b.value().ints() : null;
        double unknownBias = hasBias && bias == null ? Integer.MAX_VALUE : 0;
        if (!(node.input(1) instanceof ConstantNode c)) {
            double biasBound = unknownBias;
            for (int i = 0; bias != null && i < bias.length; i++) {
                biasBound = Math.max(biasBound, Math.abs((double) bias[i]));
            }
            return dx * distance(wt) * depth + biasBound;
        }
        int[] w = c.value().ints();
        QuantParams q = wt.quant();
        double worst = 0;
        for (int ch = 0; ch < channels; ch++) {
            int z = q.offset(q.isPerTensor() ? 0 : ch);
            double sum = 0;
            for (long k = 0; k < depth; k++) {
                sum += Math.abs(w[(int) (ch * depth + k)] - z);
            }
            double b = bias == null ? unknownBias : Math.abs((double) bias[ch]);
            worst = Math.max(worst, sum * dx + b);
        }
        return worst;
    }

    /** Widens an i32 value to the accumulator type. */
    static String widen(FunctionWriter f, String accType, String i32) {
        return accType.equals("i32") || i32.matches("-?\\d+") ? i32 : f.convert("sext", "i32", i32, accType);
    }

    /** {@code a * b} of two i32 values, exactly, in the accumulator type. */
    static String product(FunctionWriter f, String accType, String a, String b) {
        return f.mulWrap(accType, widen(f, accType, a), widen(f, accType, b));
    }

    /** The accumulator as the raw int32 output (truncating, as the interpreter's {@code (int) acc}). */
    static String toInt32(FunctionWriter f, String accType, String acc) {
        return accType.equals("i32") ? acc : f.convert("trunc", accType, acc, "i32");
    }
}
