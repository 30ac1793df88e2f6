package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.Arrays;
import java.util.List;

/**
 * Inference-mode batch normalisation over axis 1:
 * {@code y = (x - mean) / sqrt(var + epsilon) * scale + bias}. Inputs: x, scale, bias, mean, var.
 */
public final class BatchNormalizationNode extends Node {
    private final float epsilon;

    public BatchNormalizationNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(5, 5);
        epsilon = attrs.getFloat("epsilon", 1e-5f);
    }

    public float epsilon() {
        return epsilon;
    }

    @Override
    public String op() {
        return "BatchNormalization";
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        if (x.length < 2) {
            throw GlintException.of("BatchNormalization node '%s': input rank must be >= 2", name());
        }
        for (int i = 1; i < 5; i++) {
            if (!Arrays.equals(inType(i).shape(), new int[] {x[1]})) {
                throw GlintException.of("BatchNormalization node '%s': parameter %d has shape %s, expected [%d]",
                        name(), i, Arrays.toString(inType(i).shape()), x[1]);
            }
        }
        return x;
    }

    /** Per-channel multiplier {@code scale / sqrt(var + eps)} and addend {@code bias - mean * multiplier}. */
    public static double[][] foldedAffine(float[] scale, float[] bias, float[] mean, float[] var, float epsilon) {
        double[] mul = new double[scale.length];
        double[] add = new double[scale.length];
        for (int c = 0; c < scale.length; c++) {
            mul[c] = scale[c] / Math.sqrt((double) var[c] + epsilon);
            add[c] = bias[c] - mean[c] * mul[c];
        }
        return new double[][] {mul, add};
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        requireFloat(0);
        int[] xs = in.get(0).shape();
        float[] x = in.get(0).floats();
        double[][] f = foldedAffine(in.get(1).floats(), in.get(2).floats(), in.get(3).floats(), in.get(4).floats(), epsilon);
        int channels = xs[1];
        int plane = Shapes.product(xs, 2, xs.length);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / plane) % channels;
            out[i] = (float) (x[i] * f[0][c] + f[1][c]);
        }
        return Tensor.ofFloats(TensorType.f32(xs), out);
    }
}
