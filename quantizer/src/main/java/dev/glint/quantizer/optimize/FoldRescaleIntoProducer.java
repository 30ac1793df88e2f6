package dev.glint.quantizer.optimize;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.ElementwiseUnaryNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.MatMulNode;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.ops.MulNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;
import dev.glint.ir.ops.SoftmaxNode;

/**
 * {@code Rescale_T(p)} becomes {@code p} producing {@code T} directly, when nothing else reads {@code p} and
 * {@code p} computes its integer output through a real-valued requantization anyway: Conv,
 * FullyConnected, MatMul, Add, Mul, AveragePool, GlobalAveragePool, MaxPool, GlobalMaxPool, Quantize,
 * Rescale, Softmax and the lookup-table operations (Relu, Clip, Sigmoid, ...). Their semantics derive the
 * multiplier (or table) from the output type, so the new type is all it takes; a bias keeps its units
 * ({@code s_x * s_w}), which do not involve the output.
 *
 * <p>Numerics: one rounding (and clamping) instead of two. For values inside the producer's old range the
 * result differs by at most one step of the coarser of the two types; values the old type would have
 * clipped are clipped to the new, final range instead. That is only right because the old clamp was a
 * calibration choice: when it was an activation folded into the producer ({@link FusedActivation}), this
 * fires only if the new type still applies that activation. Exact for a max pool that keeps its input's
 * parameters and has no window entirely in padding (the Rescale then commutes with the maximum).
 */
public final class FoldRescaleIntoProducer implements QuantRewrite {
    @Override
    public String name() {
        return "fold-rescale-into-producer";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof RescaleNode)) {
            return false;
        }
        Node p = node.input(0);
        return canAbsorb(p) && UseSites.hasSingleUse(graph, p) && FusedActivation.on(p).isImpliedBy(node.type());
    }

    /** True when {@code p} is an integer operation whose output type can be changed to any activation type. */
    static boolean canAbsorb(Node p) {
        if (p instanceof InputNode || p instanceof ConstantNode || !QuantTypes.isActivation(p)) {
            return false;
        }
        if (p instanceof QuantizeNode || p instanceof RescaleNode) {
            return true;
        }
        boolean integerOp = p.numInputs() > 0 && p.input(0).type().isQuantized();
        boolean requantizes = p instanceof ConvNode || p instanceof FullyConnectedNode || p instanceof MatMulNode
                || p instanceof AddNode || p instanceof MulNode || DataMovement.isAveragePool(p)
                || DataMovement.isMaxPool(p) || p instanceof ElementwiseUnaryNode
                || p instanceof SoftmaxNode s && !s.isLog();
        return integerOp && requantizes;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node p = node.input(0);
        return Rebuild.retyped(p, QuantTypes.withShape(node.type(), p.type().shape()), node.name(), p.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        Node p = node.input(0);
        boolean plainMaxPool = DataMovement.isMaxPool(p) && QuantTypes.sameParams(p.input(0).type(), p.type())
                && (!(p instanceof MaxPoolNode mp) || DataMovement.everyWindowTouchesInput(mp));
        return plainMaxPool ? Numerics.EXACT : Numerics.ONE_STEP;
    }
}
