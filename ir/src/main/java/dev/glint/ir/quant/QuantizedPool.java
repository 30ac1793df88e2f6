package dev.glint.ir.quant;

import dev.glint.ir.Tensor;
import dev.glint.ir.ops.AveragePoolNode;
import dev.glint.ir.ops.GlobalPoolNode;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.ops.PoolNode;
import dev.glint.ir.ops.Shapes;
import dev.glint.ir.ops.SpatialGeometry;
import dev.glint.ir.ops.WindowIndex;
import dev.glint.ir.ops.WindowSpan;
import java.util.Arrays;

/**
 * Reference int8 pooling. Max pooling takes the largest code in the window (then rescales if the output
 * parameters differ: rescaling is monotonic, so this equals rescaling first). Average pooling sums
 * {@code q - x_offset} in int32 and requantizes with {@code M = (float)(s_x / s_y / divisor)}, one
 * multiplier per divisor (border windows have smaller divisors), per {@link NumericContract#requantize}.
 */
public final class QuantizedPool {
    private QuantizedPool() {}

    /** The multiplier for a window of {@code divisor} elements. */
    public static float averageMultiplier(float sx, float sy, int divisor) {
        return (float) ((double) sx / sy / divisor);
    }

    public static Tensor pool(PoolNode node, Tensor xt) {
        String what = node.op() + " node '" + node.name() + "'";
        QuantRange xr = QuantRange.of(xt.type(), what);
        QuantRange yr = QuantRange.of(node.type(), what);
        boolean isMax = node instanceof MaxPoolNode;
        boolean includePad = node instanceof AveragePoolNode ap && ap.countIncludePad();
        int[] xs = xt.shape();
        int[] os = node.type().shape();
        int[] x = xt.ints();
        SpatialGeometry g = node.geometry();
        int k = g.rank();
        int[] inSpatial = Arrays.copyOfRange(xs, 2, xs.length);
        int[] outSpatial = Arrays.copyOfRange(os, 2, os.length);
        int inPlane = Shapes.product(inSpatial);
        int outPlane = Shapes.product(outSpatial);
        int[] inStrides = Shapes.strides(inSpatial);
        var rescale = QuantizedElementwise.rescaler(xr, yr);
        int[] out = new int[Shapes.product(os)];
        int[] outIdx = new int[k];
        // A window holds at most one element per input position (dilations are at least 1).
        int[] offsets = new int[Math.min(inPlane, Shapes.product(g.kernel()))];
        for (int plane = 0; plane < xs[0] * xs[1]; plane++) {
            for (int o = 0; o < outPlane; o++) {
                WindowIndex.unravel(o, outSpatial, outIdx);
                WindowSpan span = WindowSpan.of(g, outIdx, inSpatial);
                int count = span.insideOffsets(g, outIdx, inStrides, offsets);
                int withPads = span.paddedCount();
                int best = Integer.MIN_VALUE;
                long acc = 0;
                for (int i = 0; i < count; i++) {
                    int v = x[plane * inPlane + offsets[i]];
                    best = Math.max(best, v);
                    acc += v - xr.offset();
                }
                int r;
                if (isMax) {
                    r = count == 0 ? yr.qmin() : rescale.applyAsInt(best);
                } else {
                    int divisor = includePad ? withPads : count;
                    r = NumericContract.requantize(acc, averageMultiplier(xr.scale(), yr.scale(), divisor),
                            yr.offset(), yr.qmin(), yr.qmax());
                }
                out[plane * outPlane + o] = r;
            }
        }
        return Tensor.ofInts(node.type(), out);
    }

    /** Global average pooling: one window covering the whole plane. */
    public static Tensor globalAverage(GlobalPoolNode node, Tensor xt) {
        String what = node.op() + " node '" + node.name() + "'";
        QuantRange xr = QuantRange.of(xt.type(), what);
        QuantRange yr = QuantRange.of(node.type(), what);
        int[] xs = xt.shape();
        int plane = Shapes.product(xs, 2, xs.length);
        int[] x = xt.ints();
        float m = averageMultiplier(xr.scale(), yr.scale(), plane);
        int[] out = new int[xs[0] * xs[1]];
        for (int p = 0; p < out.length; p++) {
            long acc = 0;
            for (int i = 0; i < plane; i++) {
                acc += x[p * plane + i] - xr.offset();
            }
            out[p] = NumericContract.requantize(acc, m, yr.offset(), yr.qmin(), yr.qmax());
        }
        return Tensor.ofInts(node.type(), out);
    }

    /** Global max pooling. */
    public static Tensor globalMax(GlobalPoolNode node, Tensor xt) {
        String what = node.op() + " node '" + node.name() + "'";
        var rescale = QuantizedElementwise.rescaler(QuantRange.of(xt.type(), what), QuantRange.of(node.type(), what));
        int[] xs = xt.shape();
        int plane = Shapes.product(xs, 2, xs.length);
        int[] x = xt.ints();
        int[] out = new int[xs[0] * xs[1]];
        for (int p = 0; p < out.length; p++) {
            int best = Integer.MIN_VALUE;
            for (int i = 0; i < plane; i++) {
                best = Math.max(best, x[p * plane + i]);
            }
            out[p] = rescale.applyAsInt(best);
        }
        return Tensor.ofInts(node.type(), out);
    }
}
