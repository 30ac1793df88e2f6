package dev.glint.ir.passes;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.MatMulNode;
import java.util.List;

/**
 * {@code Add(MatMul(x[M,K], W[K,N]), b)} (either operand order) → {@code FullyConnected(x, W^T[N,K], b[N])}
 * when W and b are constants, b has shape {@code [N]} or {@code [1,N]}, x is 2-D, and the MatMul has no
 * other user. The FullyConnected takes the Add's name. W is transposed once here, since
 * FullyConnected stores weights output-channel major.
 */
public final class FuseMatMulAdd implements RewritePattern {
    /** The MatMul and the bias constant of a matching Add. */
    private record Match(MatMulNode matMul, ConstantNode bias) {}

    @Override
    public String name() {
        return "fuse-matmul-add";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return find(node, graph) != null;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Match m = find(node, graph);
        Node x = m.matMul().input(0);
        ConstantNode weights = MatrixConstants.transposed(graph, (ConstantNode) m.matMul().input(1));
        Node bias = MatrixConstants.asVector(graph, m.bias());
        return new FullyConnectedNode(node.name(), List.of(x, weights, bias), Attributes.EMPTY)
                .setOrigin(Origins.join(m.matMul(), node));
    }

    private static Match find(Node node, Graph graph) {
        if (!(node instanceof AddNode add) || !MatrixConstants.isPlainFloat(add)) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            Match m = match(add.input(i), add.input(1 - i), graph);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Match match(Node product, Node bias, Graph graph) {
        if (!(product instanceof MatMulNode mm) || !MatrixConstants.isFloatConstant(bias)) {
            return null;
        }
        Node x = mm.input(0);
        Node w = mm.input(1);
        if (x.type().rank() != 2 || !MatrixConstants.isPlainFloat(x) || !MatrixConstants.isFloatConstant(w)
                || w.type().rank() != 2) {
            return null;
        }
        if (!MatrixConstants.isBiasRow(bias, w.type().dim(1)) || !Uses.hasSingleUse(graph, mm)) {
            return null;
        }
        return new Match(mm, (ConstantNode) bias);
    }
}
