package dev.glint.ir.quant;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.Shapes;
import dev.glint.ir.ops.SpatialGeometry;
import dev.glint.ir.ops.WindowIndex;
import java.util.Arrays;

/**
 * Reference int8 convolution and fully connected layers: int32 accumulation of
 * {@code (x - x_offset) * (w - w_offset[c])}, plus the int32 bias (scale {@code s_x * s_w[c]}, offset 0),
 * then requantization with {@code M[c] = s_x * s_w[c] / s_y} per {@link NumericContract#requantize}.
 * Padding contributes nothing (it stands for the real value 0, i.e. {@code x_offset}).
 * Accumulation is exact (int64 here). For 8-bit operands the quantizer keeps reduction lengths small
 * enough that the sum fits int32, so generated code may accumulate in int32 with identical results;
 * 16-bit activations need 64-bit accumulators there too.
 *
 * <p><b>Raw accumulators.</b> When the node's declared output type is {@code i32} <em>without</em>
 * quantization parameters, there is no requantization: the output is the int32 accumulator itself (bias
 * included). This is ONNX's ConvInteger (and, in {@link QuantizedMatMul}, MatMulInteger); the input and
 * weight scales play no part, only their offsets (the ONNX zero points).
 */
public final class QuantizedConv {
    private QuantizedConv() {}

    /** Per-output-channel multipliers {@code s_x * s_w[c] / s_y}. */
    public static float[] multipliers(TensorType x, TensorType w, TensorType y, int channels) {
        QuantParams qw = w.quant();
        float sx = x.quant().scale();
        float sy = y.quant().scale();
        float[] m = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = NumericContract.multiplier(sx, qw.scale(qw.isPerTensor() ? 0 : c), sy);
        }
        return m;
    }

    /** Per-output-channel weight offsets. */
    static int[] weightOffsets(TensorType w, int channels) {
        QuantParams qw = w.quant();
        int[] z = new int[channels];
        for (int c = 0; c < channels; c++) {
            z[c] = qw.offset(qw.isPerTensor() ? 0 : c);
        }
        return z;
    }

    /** True when {@code y} asks for the raw int32 accumulators: i32 without quantization parameters. */
    public static boolean isRawAccumulator(TensorType y) {
        return y.kind() == ElemKind.INT32 && !y.isQuantized();
    }

    /**
     * The output code for one accumulator: the accumulator itself, as int32 (ONNX's ConvInteger and
     * MatMulInteger produce int32), when {@code yr} is null (raw output).
     */
    static int output(long acc, float m, QuantRange yr) {
        return yr == null ? (int) acc : NumericContract.requantize(acc, m, yr.offset(), yr.qmin(), yr.qmax());
    }

    /** The output's range, or null for a raw accumulator output. */
    static QuantRange outputRange(TensorType y, String what) {
        return isRawAccumulator(y) ? null : QuantRange.of(y, what);
    }

    /** Per-channel multipliers; unused zeros for a raw accumulator output, which has no output scale. */
    private static float[] outputMultipliers(TensorType x, TensorType w, TensorType y, int channels) {
        return isRawAccumulator(y) ? new float[channels] : multipliers(x, w, y, channels);
    }

    private static void checkWeights(TensorType w, String what) {
        QuantParams q = w.quant();
        if (q == null || !(q.isPerTensor() || q.axis() == 0)) {
            throw new GlintException(what + ": weights must be quantized per tensor or per output channel, got " + w);
        }
    }

    public static Tensor conv(ConvNode node, Tensor xt, Tensor wt, Tensor bt) {
        String what = "Conv node '" + node.name() + "'";
        checkWeights(wt.type(), what);
        QuantRange xr = QuantRange.of(xt.type(), what);
        QuantRange yr = outputRange(node.type(), what);
        int[] xs = xt.shape();
        int[] ws = wt.shape();
        int[] os = node.type().shape();
        SpatialGeometry g = node.geometry();
        int k = g.rank();
        int cin = xs[1];
        int cout = ws[0];
        int cinPerGroup = ws[1];
        int coutPerGroup = cout / node.group();
        int[] inSpatial = Arrays.copyOfRange(xs, 2, xs.length);
        int[] outSpatial = Arrays.copyOfRange(os, 2, os.length);
        int[] kernel = g.kernel();
        int inPlane = Shapes.product(inSpatial);
        int outPlane = Shapes.product(outSpatial);
        int kernelSize = Shapes.product(kernel);
        int[] inStrides = Shapes.strides(inSpatial);
        float[] m = outputMultipliers(xt.type(), wt.type(), node.type(), cout);
        int[] zw = weightOffsets(wt.type(), cout);
        int[] x = xt.ints();
        int[] w = wt.ints();
        int[] b = bt == null ? null : bt.ints();
        int[] out = new int[Shapes.product(os)];
        int[] outIdx = new int[k];
        int[] kIdx = new int[k];
        for (int n = 0; n < xs[0]; n++) {
            for (int oc = 0; oc < cout; oc++) {
                int firstC = (oc / coutPerGroup) * cinPerGroup;
                for (int o = 0; o < outPlane; o++) {
                    WindowIndex.unravel(o, outSpatial, outIdx);
                    long acc = b == null ? 0 : b[oc];
                    for (int kp = 0; kp < kernelSize; kp++) {
                        WindowIndex.unravel(kp, kernel, kIdx);
                        int inOff = 0;
                        boolean inside = true;
                        for (int d = 0; d < k && inside; d++) {
                            int pos = outIdx[d] * g.stride(d) - g.padBegin(d) + kIdx[d] * g.dilation(d);
                            inside = pos >= 0 && pos < inSpatial[d];
                            inOff += pos * inStrides[d];
                        }
                        if (!inside) {
                            continue;
                        }
                        for (int c = 0; c < cinPerGroup; c++) {
                            int xv = x[(n * cin + firstC + c) * inPlane + inOff] - xr.offset();
                            int wv = w[(oc * cinPerGroup + c) * kernelSize + kp] - zw[oc];
                            acc += (long) xv * wv;
                        }
                    }
                    out[(n * cout + oc) * outPlane + o] = output(acc, m[oc], yr);
                }
            }
        }
        return Tensor.ofInts(node.type(), out);
    }

    public static Tensor fullyConnected(FullyConnectedNode node, Tensor xt, Tensor wt, Tensor bt) {
        String what = "FullyConnected node '" + node.name() + "'";
        checkWeights(wt.type(), what);
        QuantRange xr = QuantRange.of(xt.type(), what);
        QuantRange yr = outputRange(node.type(), what);
        int rows = xt.shape()[0];
        int depth = xt.shape()[1];
        int cout = wt.shape()[0];
        float[] m = outputMultipliers(xt.type(), wt.type(), node.type(), cout);
        int[] zw = weightOffsets(wt.type(), cout);
        int[] x = xt.ints();
        int[] w = wt.ints();
        int[] b = bt == null ? null : bt.ints();
        int[] out = new int[rows * cout];
        for (int i = 0; i < rows; i++) {
            for (int oc = 0; oc < cout; oc++) {
                long acc = b == null ? 0 : b[oc];
                for (int q = 0; q < depth; q++) {
                    acc += (long) (x[i * depth + q] - xr.offset()) * (w[oc * depth + q] - zw[oc]);
                }
                out[i * cout + oc] = output(acc, m[oc], yr);
            }
        }
        return Tensor.ofInts(node.type(), out);
    }
}
