package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.RescaleNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every operand of an operation its output's quantization parameters through explicit Rescales, for
 * operations whose integer semantics rescale each operand to the output parameters anyway (Concat, Max,
 * Min): made explicit, the Rescales can be folded into the operations that produce the operands, and the
 * operation itself becomes a plain copy or comparison.
 */
final class OperandRescaling {
    private OperandRescaling() {}

    /** True when the output and all operands are activations and some operand has other parameters. */
    static boolean needed(Node node) {
        if (!QuantTypes.isActivation(node)) {
            return false;
        }
        boolean differs = false;
        for (Node in : node.inputs()) {
            if (!QuantTypes.isActivation(in)) {
                return false;
            }
            differs |= !QuantTypes.sameParams(in.type(), node.type());
        }
        return differs;
    }

    /** A copy of {@code node} (same name) reading each operand rescaled to the output's parameters. */
    static Node rewrite(Node node, Graph graph) {
        List<String> taken = new ArrayList<>();
        Map<Node, Node> rescaled = new IdentityHashMap<>();
        List<Node> inputs = new ArrayList<>();
        for (Node in : node.inputs()) {
            if (QuantTypes.sameParams(in.type(), node.type())) {
                inputs.add(in);
            } else {
                inputs.add(rescaled.computeIfAbsent(in, x -> RescaleNode.of(
                        Rebuild.freshName(graph, x.name() + "__rescaled", taken), x,
                        QuantTypes.withShape(node.type(), x.type().shape()))));
            }
        }
        return Rebuild.copy(node, inputs, node.type(), node.name(), node.origin());
    }
}
