package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.RescaleNode;

/**
 * A Rescale to its input's own type is its input: the multiplier is exactly 1, so every code maps to
 * itself.
 */
public final class DropIdentityRescale implements QuantRewrite {
    @Override
    public String name() {
        return "drop-identity-rescale";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return node instanceof RescaleNode && node.type().equals(node.input(0).type());
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        return node.input(0);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
