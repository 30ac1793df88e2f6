package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.RescaleNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a Rescale above integer data movement: {@code Rescale_T(op(x))} becomes {@code op'(Rescale_T(x))}
 * for Transpose, Reshape, Slice and Pad (a constant padding code is rescaled like any element), so that the
 * Rescale meets the operation that produced {@code x} and can be folded into it. It fires only when the
 * data movement and {@code x} have no other reader (otherwise the Rescale could not fold there either).
 *
 * <p>Numerics: exact; a Rescale works element by element, so it commutes with moving elements.
 */
public final class HoistRescale implements QuantRewrite {
    @Override
    public String name() {
        return "hoist-rescale";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof RescaleNode) || !DataMovement.isLayout(node.input(0))) {
            return false;
        }
        Node op = node.input(0);
        Node x = op.input(0);
        return QuantTypes.isActivation(op) && QuantTypes.isActivation(x) && QuantTypes.sameParams(op.type(), x.type())
                && !(x instanceof InputNode) && UseSites.hasSingleUse(graph, op) && UseSites.hasSingleUse(graph, x);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node op = node.input(0);
        Node x = op.input(0);
        TensorType t = node.type();
        Node rescaled = RescaleNode.of(Rebuild.freshName(graph, x.name() + "__rescaled", new ArrayList<>()), x,
                QuantTypes.withShape(t, x.type().shape()));
        return Rebuild.copy(op, List.of(rescaled), DataMovement.rescaledAttributes(op, x.type(), t), t, node.name(),
                op.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
