package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedSoftmax;
import java.util.List;

/**
 * Softmax (or, with {@code log=1}, log-softmax). Attribute {@code axis}; with {@code coerce2d=1} (ONNX
 * opsets before 13) the input is treated as 2-D {@code [prod(dims < axis), prod(dims >= axis)]} and the
 * normalisation runs over all trailing dimensions, otherwise over {@code axis} alone. Computed in double
 * with the maximum subtracted first.
 */
public class SoftmaxNode extends Node {
    private final long axisAttr;
    private final boolean coerce2d;

    public SoftmaxNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        axisAttr = attrs.getInt("axis", -1);
        coerce2d = attrs.getInt("coerce2d", 0) != 0;
    }

    /** True for log-softmax. */
    public boolean isLog() {
        return false;
    }

    public int axis() {
        return Shapes.axis(axisAttr, inType(0).rank(), false, op() + " node '" + name() + "'");
    }

    public boolean coerce2d() {
        return coerce2d;
    }

    @Override
    public String op() {
        return "Softmax";
    }

    @Override
    public int[] inferShape() {
        axis();
        return inType(0).shape();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedSoftmax.softmax(this, in.get(0));
        }
        requireFloat(0);
        int[] xs = in.get(0).shape();
        float[] x = in.get(0).floats();
        int axis = axis();
        int outer = Shapes.product(xs, 0, axis);
        int len = coerce2d ? Shapes.product(xs, axis, xs.length) : xs[axis];
        int inner = coerce2d ? 1 : Shapes.product(xs, axis + 1, xs.length);
        float[] out = new float[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    max = Math.max(max, x[base + j * inner]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    sum += Math.exp(x[base + j * inner] - max);
                }
                for (int j = 0; j < len; j++) {
                    double d = x[base + j * inner] - max;
                    out[base + j * inner] = (float) (isLog() ? d - Math.log(sum) : Math.exp(d) / sum);
                }
            }
        }
        return Tensor.ofFloats(TensorType.f32(xs), out);
    }
}
