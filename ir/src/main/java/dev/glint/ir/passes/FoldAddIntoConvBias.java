package dev.glint.ir.passes;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.ConvNode;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Add(Conv(x, W[, b]), c)} (either operand order) → {@code Conv(x, W, b + c)} when W, b and c are
 * float constants, c is the same for every position of an output channel (shape {@code [C,1,1]},
 * {@code [1,C,1,1]}, a single value, ...: every dimension but the channel one is 1, and broadcasting c does
 * not enlarge the result), and the Conv has no other user. Models exported with the bias as a separate
 * Add (CNTK's MNIST, for one) then compute the bias inside the convolution, and a following ReLU can fold
 * into its output range once quantized. {@code b[m] + c[m]} is computed in double and rounded once to
 * float. The new Conv takes the Add's name.
 */
public final class FoldAddIntoConvBias implements RewritePattern {
    /** The Conv and the per-channel constant of a matching Add. */
    private record Match(ConvNode conv, ConstantNode addend) {}

    @Override
    public String name() {
        return "fold-add-into-conv-bias";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return find(node, graph) != null;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Match m = find(node, graph);
        ConvNode conv = m.conv();
        int channels = conv.type().dim(1);
        float[] c = m.addend().value().floats();
        float[] oldBias = conv.hasBias() ? ((ConstantNode) conv.input(2)).value().floats() : new float[channels];
        float[] bias = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            bias[ch] = (float) ((double) oldBias[ch] + c[c.length == 1 ? 0 : ch]);
        }
        String base = conv.hasBias() ? conv.input(2).name() + "_add" : node.name() + "_bias";
        Node newBias = new ConstantNode(graph.uniqueName(base), Tensor.ofFloats(TensorType.f32(channels), bias));
        return new ConvNode(node.name(), List.of(conv.input(0), conv.input(1), newBias), conv.attributes())
                .setOrigin(Origins.join(conv, node));
    }

    private static Match find(Node node, Graph graph) {
        if (!(node instanceof AddNode add) || !MatrixConstants.isPlainFloat(add)) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            if (add.input(i) instanceof ConvNode conv && perChannel(add.input(1 - i), conv)
                    && Arrays.equals(add.type().shape(), conv.type().shape()) && MatrixConstants.isPlainFloat(conv)
                    && MatrixConstants.isFloatConstant(conv.input(1))
                    && (!conv.hasBias() || MatrixConstants.isFloatConstant(conv.input(2)))
                    && Uses.hasSingleUse(graph, conv)) {
                return new Match(conv, (ConstantNode) add.input(1 - i));
            }
        }
        return null;
    }

    /** Whether {@code n} is a float constant that varies at most along {@code conv}'s channel dimension. */
    private static boolean perChannel(Node n, ConvNode conv) {
        if (!MatrixConstants.isFloatConstant(n)) {
            return false;
        }
        int[] s = n.type().shape();
        int rank = conv.type().rank();
        if (s.length > rank) {
            return false;
        }
        int channels = conv.type().dim(1);
        int numElements = n.type().numElements();
        for (int d = 0; d < s.length; d++) {
            int outDim = d + rank - s.length; // right-aligned, as ONNX broadcasting
            if (s[d] != 1 && !(outDim == 1 && s[d] == channels)) {
                return false;
            }
        }
        return numElements == 1 || numElements == channels;
    }
}
