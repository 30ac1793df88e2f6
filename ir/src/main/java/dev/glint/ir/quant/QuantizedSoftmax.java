package dev.glint.ir.quant;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.ops.Shapes;
import dev.glint.ir.ops.SoftmaxNode;

/**
 * Reference int8 softmax, exact in integers up to one final division so that every engine reproduces it
 * bit for bit whatever order it sums in:
 * <ol>
 *   <li>per row, {@code d = q - max(q)} lies in {@code [-(qmax - qmin), 0]};</li>
 *   <li>{@code E[d] = round(exp(d * s_x) * 2^16)}, a table built once per node (in double, then rounded);</li>
 *   <li>{@code sum = Σ E[d]} in int32 (exact: rows are limited to {@link #MAX_ROW} elements);</li>
 *   <li>{@code q_y = roundClampOffset((float) E[d] / ((float) sum * s_y), z_y)}.</li>
 * </ol>
 */
public final class QuantizedSoftmax {
    /** Fixed-point scale of the exponential table. */
    public static final int ONE = 1 << 16;
    /** Longest row whose sum of table entries cannot overflow int32. */
    public static final int MAX_ROW = Integer.MAX_VALUE / ONE;

    private QuantizedSoftmax() {}

    /** The exponential table, indexed by {@code -d}. */
    public static int[] expTable(float sx, int codes) {
        int[] t = new int[codes];
        for (int i = 0; i < codes; i++) {
            t[i] = (int) Math.round(Math.exp(-(double) i * sx) * ONE);
        }
        return t;
    }

    public static Tensor softmax(SoftmaxNode node, Tensor xt) {
        String what = "Softmax node '" + node.name() + "'";
        if (node.isLog()) {
            throw new GlintException(what + ": LogSoftmax has no int8 implementation");
        }
        QuantRange xr = QuantRange.of(xt.type(), what);
        QuantRange yr = QuantRange.of(node.type(), what);
        int[] xs = xt.shape();
        int axis = node.axis();
        int outer = Shapes.product(xs, 0, axis);
        int len = node.coerce2d() ? Shapes.product(xs, axis, xs.length) : xs[axis];
        int inner = node.coerce2d() ? 1 : Shapes.product(xs, axis + 1, xs.length);
        if (len > MAX_ROW) {
            throw new GlintException(what + ": rows of " + len + " elements are too long for int8 softmax");
        }
        int[] table = expTable(xr.scale(), xr.qmax() - xr.qmin() + 1);
        int[] x = xt.ints();
        int[] out = new int[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                int max = Integer.MIN_VALUE;
                for (int j = 0; j < len; j++) {
                    max = Math.max(max, x[base + j * inner]);
                }
                int sum = 0;
                for (int j = 0; j < len; j++) {
                    sum += table[max - x[base + j * inner]];
                }
                float denom = (float) sum * yr.scale();
                for (int j = 0; j < len; j++) {
                    float p = (float) table[max - x[base + j * inner]] / denom;
                    out[base + j * inner] = yr.fromScaled(p);
                }
            }
        }
        return Tensor.ofInts(node.type(), out);
    }
}
