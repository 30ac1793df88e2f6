package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedPool;
import java.util.List;

/** A reduction over all spatial dimensions of {@code [N, C, D...]}, keeping them as extent 1. */
public abstract class GlobalPoolNode extends Node {
    protected GlobalPoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        if (x.length < 3) {
            throw GlintException.of("%s node '%s': input rank must be >= 3", op(), name());
        }
        int[] out = x.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
        }
        return out;
    }

    protected abstract float reduce(float[] x, int from, int count);

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return this instanceof GlobalMaxPoolNode ? QuantizedPool.globalMax(this, in.get(0))
                    : QuantizedPool.globalAverage(this, in.get(0));
        }
        requireFloat(0);
        int[] xs = in.get(0).shape();
        int plane = Shapes.product(xs, 2, xs.length);
        float[] x = in.get(0).floats();
        float[] out = new float[xs[0] * xs[1]];
        for (int p = 0; p < out.length; p++) {
            out[p] = reduce(x, p * plane, plane);
        }
        return Tensor.ofFloats(TensorType.f32(type().shape()), out);
    }
}
