package dev.glint.bundle;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import java.util.List;

/**
 * {@code --io int8}: a quantized graph's boundary left in integers, for callers whose data is already
 * quantized (a camera's bytes, a next stage that wants int8). Each input read only by Quantize nodes of
 * one type takes that type and the Quantizes go; each output that is a Dequantize becomes its integer
 * operand. The header's symbol table then gives the scale and offset the caller needs.
 */
public final class IoBoundary {
    private IoBoundary() {}

    /** Rewrites {@code graph} in place; fails naming the input or output that is not quantized at the boundary. */
    public static void keepIntegers(Graph graph) {
        for (InputNode in : graph.inputs()) {
            List<Node> users = graph.users().get(in);
            if (users.isEmpty() || graph.isOutput(in) || !users.stream().allMatch(u -> u instanceof QuantizeNode)
                    || users.stream().map(Node::type).distinct().count() != 1) {
                throw new GlintException("--io int8: input '" + in.name()
                        + "' is not read through a single kind of Quantize; compile it with float inputs");
            }
            TensorType quantized = users.get(0).type();
            in.setType(quantized);
            for (Node q : List.copyOf(users)) {
                graph.replaceAllUses(q, in);
                graph.remove(q);
            }
        }
        List<Graph.Output> outputs = graph.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Node node = outputs.get(i).node();
            if (!(node instanceof DequantizeNode)) {
                throw new GlintException("--io int8: output '" + outputs.get(i).name() + "' (" + node.op()
                        + ") is not a Dequantize of an integer value; compile it with float outputs");
            }
            graph.setOutput(i, node.inputs().get(0));
        }
        graph.removeDeadNodes();
    }
}
