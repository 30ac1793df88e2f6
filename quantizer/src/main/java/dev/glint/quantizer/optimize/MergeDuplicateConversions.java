package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;

/**
 * Two conversions (Quantize, Dequantize or Rescale) of the same value to the same type compute the same
 * thing: the later one is replaced by the earlier. A node-by-node conversion quantizes a value once per
 * reader; this leaves one conversion per value and type.
 */
public final class MergeDuplicateConversions implements QuantRewrite {
    @Override
    public String name() {
        return "merge-duplicate-conversions";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return earlierTwin(node, graph) != null;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        return earlierTwin(node, graph);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }

    /** The first node before {@code node} doing the same conversion of the same value, or null. */
    private static Node earlierTwin(Node node, Graph graph) {
        if (!isConversion(node)) {
            return null;
        }
        for (Node other : graph.nodes()) {
            if (other == node) {
                return null;
            }
            if (other.getClass() == node.getClass() && other.input(0) == node.input(0) && other.type().equals(node.type())) {
                return other;
            }
        }
        return null;
    }

    private static boolean isConversion(Node n) {
        return n instanceof QuantizeNode || n instanceof DequantizeNode || n instanceof RescaleNode;
    }
}
