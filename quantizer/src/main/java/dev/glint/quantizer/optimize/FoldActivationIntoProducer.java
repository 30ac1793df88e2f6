package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.ops.RescaleNode;

/**
 * An int8 Relu or Clip (a lookup-table node) disappears into the operation that produces its input, when
 * nothing else reads that operation and it requantizes its result anyway (Conv, FullyConnected, MatMul,
 * Add, Mul, the pools, Softmax, another lookup table): the producer takes the activation's output type,
 * and its requantization's clamp to that type's codes does the activation's clamping. That holds when the
 * activation's bounds quantize to the type's extreme codes — for a Relu, when code {@code qmin} stands for
 * a real value of 0 or more, as it does for the output of a Relu calibrated with a zero point at the
 * bottom of the range.
 *
 * <p>The producer records the activation's bounds ({@link FusedActivation}: attributes {@code act_min},
 * {@code act_max}), so that a Rescale folded into it later cannot widen its type past them.
 *
 * <p>Quantize and Rescale are not producers here: a conversion that clamped like a Relu would still look
 * like a conversion, and a Dequantize of it could be cancelled against it, Relu and all.
 *
 * <p>Numerics: one rounding instead of two (the producer's own step, then the table's): the result
 * differs by at most one step of the coarser of the producer's and the activation's types.
 */
public final class FoldActivationIntoProducer implements QuantRewrite {
    @Override
    public String name() {
        return "fold-activation-into-producer";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof ReluNode || node instanceof ClipNode) || !QuantTypes.isActivation(node)) {
            return false;
        }
        Node p = node.input(0);
        // A Quantize or Rescale whose clamp carried the activation would look like a mere conversion:
        // CancelDequantizeQuantize could then drop the activation with the conversion.
        boolean conversion = p instanceof QuantizeNode || p instanceof RescaleNode;
        return !conversion && FoldRescaleIntoProducer.canAbsorb(p) && UseSites.hasSingleUse(graph, p)
                && clamp(node).isImpliedBy(node.type());
    }

    /** The activation's clamp together with any the producer already carries. */
    private static FusedActivation clamp(Node activation) {
        return FusedActivation.of(activation).and(FusedActivation.on(activation.input(0)));
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node p = node.input(0);
        return Rebuild.copy(p, p.inputs(), clamp(node).recordOn(p.attributes()), node.type(), node.name(),
                Rebuild.joinOrigins(p, node));
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.ONE_STEP;
    }
}
