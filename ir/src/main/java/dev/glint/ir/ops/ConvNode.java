package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
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
        int k = g.rank();
        int batch = xs[0];
        int cin = xs[1];
        int cout = ws[0];
        int cinPerGroup = ws[1];
        int coutPerGroup = cout / group;
        int[] inSpatial = Arrays.copyOfRange(xs, 2, xs.length);
        int[] outSpatial = Arrays.copyOfRange(os, 2, os.length);
        int[] kernel = g.kernel();
        int inPlane = Shapes.product(inSpatial);
        int outPlane = Shapes.product(outSpatial);
        int kernelSize = Shapes.product(kernel);
        int[] inStrides = Shapes.strides(inSpatial);
        int[][] kernelPos = WindowIndex.positions(kernel);
        float[] out = new float[Shapes.product(os)];
        int[] outIdx = new int[k];
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < cout; m++) {
                int firstC = (m / coutPerGroup) * cinPerGroup;
                for (int o = 0; o < outPlane; o++) {
                    WindowIndex.unravel(o, outSpatial, outIdx);
                    double acc = b == null ? 0 : b[m];
                    for (int kp = 0; kp < kernelSize; kp++) {
                        int inOff = 0;
                        boolean inside = true;
                        for (int d = 0; d < k; d++) {
                            int pos = outIdx[d] * g.stride(d) - g.padBegin(d) + kernelPos[kp][d] * g.dilation(d);
                            if (pos < 0 || pos >= inSpatial[d]) {
                                inside = false;
                                break;
                            }
                            inOff += pos * inStrides[d];
                        }
                        if (!inside) {
                            continue;
                        }
                        for (int c = 0; c < cinPerGroup; c++) {
                            float xv = x[(n * cin + firstC + c) * inPlane + inOff];
                            float wv = w[(m * cinPerGroup + c) * kernelSize + kp];
                            acc += (double) xv * wv;
                        }
                    }
                    out[(n * cout + m) * outPlane + o] = (float) acc;
                }
            }
        }
        return Tensor.ofFloats(TensorType.f32(os), out);
    }
}
