package dev.glint.ir.quant;

import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.Shapes;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Reference int8 semantics of the elementwise operations, with numpy broadcasting. All use per-tensor
 * parameters and the rounding of {@link NumericContract}:
 * <ul>
 *   <li>Add: {@code (float)(a - za) * (sa/sy) + (float)(b - zb) * (sb/sy)} — two products and one sum,
 *       each rounded to float32 in this order, never fused — then round, clamp, offset.</li>
 *   <li>Mul: {@code (float)((a - za) * (b - zb)) * (sa*sb/sy)}, the product exact (int64).</li>
 *   <li>Max/Min: each operand rescaled to the output parameters, then compared as integers (identity
 *       when an operand already has the output's parameters, which the quantizer arranges).</li>
 *   <li>Unary functions: a lookup table over every input code, {@code T[q] = quantize_y(f(dequantize_x(q)))},
 *       with {@code f} the float reference function, built once per node.</li>
 * </ul>
 */
public final class QuantizedElementwise {
    private QuantizedElementwise() {}

    /** Binary operations with an int8 rule. */
    public enum BinaryOp { ADD, MUL, MAX, MIN }

    public static Tensor binary(Node node, BinaryOp op, Tensor at, Tensor bt) {
        String what = node.op() + " node '" + node.name() + "'";
        QuantRange a = QuantRange.of(at.type(), what);
        QuantRange b = QuantRange.of(bt.type(), what);
        QuantRange y = QuantRange.of(node.type(), what);
        int[] out = node.type().shape();
        int[] av = at.ints();
        int[] bv = bt.ints();
        int[] r = new int[Shapes.product(out)];
        int[][] strides = {Shapes.broadcastStrides(at.shape(), out), Shapes.broadcastStrides(bt.shape(), out)};
        switch (op) {
            case ADD -> {
                float ma = NumericContract.multiplier(a.scale(), y.scale());
                float mb = NumericContract.multiplier(b.scale(), y.scale());
                Shapes.forEachIndex(out, strides, (i, o) -> {
                    float pa = (float) (av[o[0]] - a.offset()) * ma;
                    float pb = (float) (bv[o[1]] - b.offset()) * mb;
                    r[i] = y.fromScaled(pa + pb);
                });
            }
            case MUL -> {
                float m = NumericContract.multiplier(a.scale(), b.scale(), y.scale());
                Shapes.forEachIndex(out, strides, (i, o) -> {
                    long prod = (long) (av[o[0]] - a.offset()) * (bv[o[1]] - b.offset());
                    r[i] = y.fromScaled((float) prod * m);
                });
            }
            case MAX, MIN -> {
                IntUnaryOperator ra = rescaler(a, y);
                IntUnaryOperator rb = rescaler(b, y);
                boolean max = op == BinaryOp.MAX;
                Shapes.forEachIndex(out, strides, (i, o) -> {
                    int x1 = ra.applyAsInt(av[o[0]]);
                    int x2 = rb.applyAsInt(bv[o[1]]);
                    r[i] = max ? Math.max(x1, x2) : Math.min(x1, x2);
                });
            }
            default -> throw new IllegalStateException(op.toString());
        }
        return Tensor.ofInts(node.type(), r);
    }

    /** The Rescale rule from {@code from} to {@code to} as a function on codes. */
    public static IntUnaryOperator rescaler(QuantRange from, QuantRange to) {
        float m = NumericContract.multiplier(from.scale(), to.scale());
        return q -> to.fromScaled((float) (q - from.offset()) * m);
    }

    /** The 256-entry (or 65536-entry for 16-bit) lookup table of a unary function, indexed by {@code q - qmin}. */
    public static int[] lookupTable(TensorType in, TensorType out, FloatFn f, String what) {
        QuantRange x = QuantRange.of(in, what);
        QuantRange y = QuantRange.of(out, what);
        if (x.qmax() - x.qmin() > 65535) {
            throw new GlintException(what + ": lookup tables need an 8- or 16-bit input, got " + in);
        }
        int[] table = new int[x.qmax() - x.qmin() + 1];
        for (int q = x.qmin(); q <= x.qmax(); q++) {
            table[q - x.qmin()] = y.quantize(f.apply(x.dequantize(q)));
        }
        return table;
    }

    /** Applies a unary float function through its lookup table. */
    public static Tensor unary(Node node, Tensor xt, FloatFn f) {
        String what = node.op() + " node '" + node.name() + "'";
        int[] table = lookupTable(xt.type(), node.type(), f, what);
        int qmin = (int) xt.type().kind().min();
        int[] x = xt.ints();
        int[] r = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = table[x[i] - qmin];
        }
        return Tensor.ofInts(node.type(), r);
    }

    /** A float function of one float. */
    @FunctionalInterface
    public interface FloatFn {
        float apply(float x);
    }

    /** Convenience for nodes whose inputs are a list. */
    public static Tensor binary(Node node, BinaryOp op, List<Tensor> in) {
        return binary(node, op, in.get(0), in.get(1));
    }
}
