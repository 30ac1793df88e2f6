package dev.glint.ir.passes;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces an operation whose inputs are all constants by a constant holding the operation's value, as
 * computed by its reference semantics ({@link Node#evaluate}). The constant keeps the node's name (graph
 * outputs and profile keys stay stable), its origin and its declared type.
 */
public final class ConstantFolding implements RewritePattern {
    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (node.isConstant() || node.numInputs() == 0) {
            return false;
        }
        for (Node in : node.inputs()) {
            if (!(in instanceof ConstantNode)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        List<Tensor> args = new ArrayList<>(node.numInputs());
        for (Node in : node.inputs()) {
            args.add(((ConstantNode) in).value());
        }
        Tensor value;
        try {
            value = node.evaluate(args);
        } catch (GlintException e) {
            // Folding is an optimisation: an operation that cannot run on these values is left for the
            // interpreter or the backend to report with its usual message.
            return node;
        }
        if (!value.type().sameKindAndShape(node.type())) {
            throw new IllegalStateException(node.op() + " '" + node.name() + "' evaluated to " + value.type()
                    + " but its type is " + node.type());
        }
        // Same elements, but with the declared type (an evaluation need not attach quantization parameters).
        Tensor typed = value.type().equals(node.type()) ? value : value.reshape(node.type());
        return new ConstantNode(node.name(), typed).setOrigin(node.origin());
    }
}
