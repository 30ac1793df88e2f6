package dev.glint.ir.passes;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.GemmNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Gemm(A, B[, C])} with {@code alpha = 1}, {@code transA = 0}, constant B, and either no C or
 * {@code beta = 1} and a constant C of shape {@code [N]} or {@code [1,N]} → {@code FullyConnected(A, W, c)},
 * where W is B when {@code transB = 1} and B transposed otherwise. The FullyConnected takes the Gemm's name.
 */
public final class GemmToFullyConnected implements RewritePattern {
    @Override
    public String name() {
        return "gemm-to-fully-connected";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof GemmNode gemm) || !MatrixConstants.isPlainFloat(gemm)
                || !MatrixConstants.isPlainFloat(gemm.input(0))) {
            return false;
        }
        if (gemm.alpha() != 1f || gemm.transA() || !MatrixConstants.isFloatConstant(gemm.input(1))) {
            return false;
        }
        if (gemm.numInputs() == 3) {
            Node c = gemm.input(2);
            return gemm.beta() == 1f && MatrixConstants.isFloatConstant(c) && MatrixConstants.isBiasRow(c, gemm.type().dim(1));
        }
        return true;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        GemmNode gemm = (GemmNode) node;
        ConstantNode b = (ConstantNode) gemm.input(1);
        List<Node> inputs = new ArrayList<>();
        inputs.add(gemm.input(0));
        inputs.add(gemm.transB() ? b : MatrixConstants.transposed(graph, b));
        if (gemm.numInputs() == 3) {
            inputs.add(MatrixConstants.asVector(graph, (ConstantNode) gemm.input(2)));
        }
        return new FullyConnectedNode(gemm.name(), inputs, Attributes.EMPTY).setOrigin(gemm.origin());
    }
}
