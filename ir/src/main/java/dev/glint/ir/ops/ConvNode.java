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
 * N-dimensional grouped convolution (cross-correlation), ONNX semantics. Inputs: x {@code [N, C, D...]},
 * weights {@code [M, C/group, K...]}, optional bias {@code [M]}. Attributes: {@code strides},
 * {@code dilations}, explicit {@code pads}, {@code group}.
 */
public final class ConvNode extends Node {
    private final int group;

    public ConvNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(2, 3);
        this.group = (int) attrs.getInt("group", 1);
        if (group < 1) {
            throw GlintException.of("Conv node '%s': group must be >= 1, got %d", name, group);
        }
    }

    public int group() {
        return group;
    }

    public boolean hasBias() {
        return numInputs() == 3;
    }

    /** The window geometry (kernel size from the weights' shape). */
    public SpatialGeometry geometry() {
        int[] w = inType(1).shape();
        return SpatialGeometry.fromAttributes(Arrays.copyOfRange(w, 2, w.length), attrs);
    }

    /**
     * A quantized convolution (ONNX ConvInteger) may declare raw int32 accumulators as its output type: i32 without
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
        return "Conv";
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        int[] w = inType(1).shape();
        String what = "Conv node '" + name() + "'";
        if (x.length < 3 || w.length != x.length) {
            throw new GlintException(what + ": input " + Arrays.toString(x) + " and weights " + Arrays.toString(w)
                    + " must have the same rank >= 3");
        }
        if (x[1] != w[1] * group || w[0] % group != 0) {
            throw new GlintException(what + ": " + x[1] + " input channels do not match weights "
                    + Arrays.toString(w) + " with group " + group);
        }
        if (hasBias() && !Arrays.equals(inType(2).shape(), new int[] {w[0]})) {
            throw new GlintException(what + ": bias shape " + Arrays.toString(inType(2).shape()) + " is not [" + w[0] + "]");
        }
        int[] spatial = geometry().outputShape(Arrays.copyOfRange(x, 2, x.length), what);
        int[] out = new int[x.length];
        out[0] = x[0];
        out[1] = w[0];
        System.arraycopy(spatial, 0, out, 2, spatial.length);
        return out;
    }

    /**
     * Reference semantics: every output is its bias plus the sum of input times weight over the window,
     * accumulated in double and rounded to float once. The loops visit (input channel, kernel tap) on the
     * outside and output positions on the inside, so the innermost loop walks one output row with its
     * valid range computed once per tap instead of testing every position against the padding.
     */
    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedConv.conv(this, in.get(0), in.get(1), hasBias() ? in.get(2) : null);
        }
        requireFloat(0);
        int[] xs = in.get(0).shape();
        int[] ws = in.get(1).shape();
        int[] os = type().shape();
        float[] x = in.get(0).floats();
        float[] w = in.get(1).floats();
        float[] b = hasBias() ? in.get(2).floats() : null;
        SpatialGeometry g = geometry();
        int batch = xs[0];
        int cin = xs[1];
        int cout = ws[0];
        int cinPerGroup = ws[1];
        int coutPerGroup = cout / group;
        WindowRows rows = new WindowRows(g, Arrays.copyOfRange(xs, 2, xs.length), Arrays.copyOfRange(os, 2, os.length));
        int inPlane = Shapes.product(xs, 2, xs.length);
        int outPlane = Shapes.product(os, 2, os.length);
        int[][] kernelPos = WindowIndex.positions(g.kernel());
        int kernelSize = kernelPos.length;
        float[] out = new float[Shapes.product(os)];
        double[] acc = new double[outPlane];
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < cout; m++) {
                Arrays.fill(acc, b == null ? 0 : b[m]);
                int firstC = (m / coutPerGroup) * cinPerGroup;
                for (int c = 0; c < cinPerGroup; c++) {
                    int xBase = (n * cin + firstC + c) * inPlane;
                    int wBase = (m * cinPerGroup + c) * kernelSize;
                    for (int kp = 0; kp < kernelSize; kp++) {
                        rows.accumulateTap(acc, x, xBase, w[wBase + kp], kernelPos[kp]);
                    }
                }
                int outBase = (n * cout + m) * outPlane;
                for (int o = 0; o < outPlane; o++) {
                    out[outBase + o] = (float) acc[o];
                }
            }
        }
        return Tensor.ofFloats(TensorType.f32(os), out);
    }

    /**
     * Walks the output of a convolution row by row (a row = all positions along the last spatial
     * dimension) for one kernel tap, adding {@code weight * input} where the tap falls inside the input.
     */
    private static final class WindowRows {
        private final SpatialGeometry g;
        private final int[] inSpatial;
        private final int[] inStrides;
        private final int[] outerShape;
        private final int rowCount;
        private final int rowLength;
        private final int[] rowIdx;

        WindowRows(SpatialGeometry g, int[] inSpatial, int[] outSpatial) {
            this.g = g;
            this.inSpatial = inSpatial;
            this.inStrides = Shapes.strides(inSpatial);
            int last = outSpatial.length - 1;
            this.outerShape = Arrays.copyOf(outSpatial, last);
            this.rowCount = Shapes.product(outerShape);
            this.rowLength = outSpatial[last];
            this.rowIdx = new int[last];
        }

        void accumulateTap(double[] acc, float[] x, int xBase, double weight, int[] tap) {
            int last = inSpatial.length - 1;
            int stride = g.stride(last);
            // Input position along the last dimension for output position o: o * stride + shift.
            int shift = tap[last] * g.dilation(last) - g.padBegin(last);
            int lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
            int limit = inSpatial[last] - shift; // o * stride < limit keeps the input position in range
            int hi = limit <= 0 ? 0 : Math.min(rowLength, (limit - 1) / stride + 1);
            if (lo >= hi) {
                return;
            }
            for (int r = 0; r < rowCount; r++) {
                WindowIndex.unravel(r, outerShape, rowIdx);
                int inOff = 0;
                boolean inside = true;
                for (int d = 0; d < last; d++) {
                    int pos = rowIdx[d] * g.stride(d) + tap[d] * g.dilation(d) - g.padBegin(d);
                    if (pos < 0 || pos >= inSpatial[d]) {
                        inside = false;
                        break;
                    }
                    inOff += pos * inStrides[d];
                }
                if (!inside) {
                    continue;
                }
                int outRow = r * rowLength;
                int src = xBase + inOff + shift;
                if (stride == 1) {
                    // Unit stride, the common case, gets its own loop: simpler indexing, measurably faster.
                    for (int o = lo; o < hi; o++) {
                        acc[outRow + o] += weight * x[src + o];
                    }
                } else {
                    for (int o = lo; o < hi; o++) {
                        acc[outRow + o] += weight * x[src + o * stride];
                    }
                }
            }
        }
    }
}
