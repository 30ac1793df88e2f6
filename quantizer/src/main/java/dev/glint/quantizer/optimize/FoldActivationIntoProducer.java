package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.quant.QuantRange;

/**
 * An int8 Relu or Clip (a lookup-table node) disappears into the operation that produces its input, when
 * nothing else reads that operation and it requantizes its result anyway (Conv, FullyConnected, MatMul,
 * Add, Mul, the pools, Quantize, Rescale, Softmax, another lookup table): the producer takes the activation's output type, and its
 * requantization's clamp to that type's codes does the activation's clamping. That holds when the
 * activation's bounds quantize to the type's extreme codes — for a Relu, when code {@code qmin} stands for
 * a real value of 0 or more, as it does for the output of a Relu calibrated with a zero point at the
 * bottom of the range.
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
        return FoldRescaleIntoProducer.canAbsorb(p) && UseSites.hasSingleUse(graph, p) && clampIsImpliedByType(node);
    }

    /** The activation's bounds quantize to the extreme codes of its output type. */
    private static boolean clampIsImpliedByType(Node activation) {
        float lo = 0;
        float hi = Float.POSITIVE_INFINITY;
        if (activation instanceof ClipNode c) {
            lo = c.min();
            hi = c.max();
        }
        QuantRange y = QuantTypes.range(activation.type());
        return y.quantize(lo) == y.qmin() && y.quantize(hi) == y.qmax();
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node p = node.input(0);
        return Rebuild.retyped(p, node.type(), node.name(), Rebuild.joinOrigins(p, node));
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.ONE_STEP;
    }
}
