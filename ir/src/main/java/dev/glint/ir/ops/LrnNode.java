package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.List;

/**
 * Local response normalisation across channels (ONNX LRN): {@code y = x / (bias + alpha/size * sum(x^2))^beta},
 * the sum over channels {@code [c - floor((size-1)/2), c + ceil((size-1)/2)]}.
 */
public final class LrnNode extends Node {
    private final float alpha;
    private final float beta;
    private final float bias;
    private final int size;

    public LrnNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        alpha = attrs.getFloat("alpha", 1e-4f);
        beta = attrs.getFloat("beta", 0.75f);
        bias = attrs.getFloat("bias", 1f);
        size = (int) attrs.getInt("size");
        if (size < 1) {
            throw GlintException.of("LRN node '%s': size must be >= 1", name);
        }
    }

    @Override
    public String op() {
        return "LRN";
    }

    @Override
    public int[] inferShape() {
        if (inType(0).rank() < 3) {
            throw GlintException.of("LRN node '%s': input rank must be >= 3", name());
        }
        return inType(0).shape();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        requireFloat(0);
        int[] xs = in.get(0).shape();
        float[] x = in.get(0).floats();
        int channels = xs[1];
        int plane = Shapes.product(xs, 2, xs.length);
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        float[] out = new float[x.length];
        for (int n = 0; n < xs[0]; n++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double sq = 0;
                    for (int j = Math.max(0, c - before); j <= Math.min(channels - 1, c + after); j++) {
                        double v = x[(n * channels + j) * plane + p];
                        sq += v * v;
                    }
                    int i = (n * channels + c) * plane + p;
                    out[i] = (float) (x[i] / Math.pow(bias + alpha / size * sq, beta));
                }
            }
        }
        return Tensor.ofFloats(TensorType.f32(xs), out);
    }
}
