package dev.glint.ir.passes;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.BatchNormalizationNode;
import dev.glint.ir.ops.ConvNode;
import java.util.List;

/**
 * {@code BatchNormalization(Conv(x, W[, b]), scale, bias, mean, var)} → {@code Conv(x, W', b')} when the
 * weights, the conv bias and all four normalisation parameters are constant and the Conv has no other
 * user. With {@code mul = scale / sqrt(var + eps)} per output channel {@code m}:
 * {@code W'[m] = W[m] * mul[m]} and {@code b'[m] = b[m] * mul[m] + bias[m] - mean[m] * mul[m]}, each
 * computed in double and rounded once to float. The new Conv takes the BatchNormalization's name.
 */
public final class FoldBatchNormIntoConv implements RewritePattern {
    @Override
    public String name() {
        return "fold-batchnorm-into-conv";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof BatchNormalizationNode bn) || !(bn.input(0) instanceof ConvNode conv)) {
            return false;
        }
        for (int i = 1; i < 5; i++) {
            if (!MatrixConstants.isFloatConstant(bn.input(i))) {
                return false;
            }
        }
        if (!MatrixConstants.isFloatConstant(conv.input(1)) || (conv.hasBias() && !MatrixConstants.isFloatConstant(conv.input(2)))) {
            return false;
        }
        return MatrixConstants.isPlainFloat(conv) && MatrixConstants.isPlainFloat(bn) && Uses.hasSingleUse(graph, conv);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        BatchNormalizationNode bn = (BatchNormalizationNode) node;
        ConvNode conv = (ConvNode) bn.input(0);
        double[][] affine = BatchNormalizationNode.foldedAffine(floats(bn, 1), floats(bn, 2), floats(bn, 3),
                floats(bn, 4), bn.epsilon());
        double[] mul = affine[0];
        double[] add = affine[1];
        ConstantNode weights = (ConstantNode) conv.input(1);
        float[] w = weights.value().floats();
        int channels = mul.length;
        int perChannel = w.length / channels;
        float[] scaled = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            scaled[i] = (float) (w[i] * mul[i / perChannel]);
        }
        float[] oldBias = conv.hasBias() ? floats(conv, 2) : new float[channels];
        float[] bias = new float[channels];
        for (int m = 0; m < channels; m++) {
            bias[m] = (float) (oldBias[m] * mul[m] + add[m]);
        }
        Node newWeights = new ConstantNode(graph.uniqueName(weights.name() + "_bn"),
                Tensor.ofFloats(weights.type(), scaled));
        String biasBase = conv.hasBias() ? conv.input(2).name() + "_bn" : bn.name() + "_bias";
        Node newBias = new ConstantNode(graph.uniqueName(biasBase), Tensor.ofFloats(TensorType.f32(channels), bias));
        return new ConvNode(bn.name(), List.of(conv.input(0), newWeights, newBias), conv.attributes())
                .setOrigin(Origins.join(conv, bn));
    }

    private static float[] floats(Node n, int input) {
        return ((ConstantNode) n.input(input)).value().floats();
    }
}
