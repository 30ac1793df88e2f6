package dev.glint.quantizer.optimize;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.AddNode;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.ElementwiseUnaryNode;
import dev.glint.ir.ops.ExpNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.MatMulNode;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.ops.MulNode;
import dev.glint.ir.ops.RescaleNode;
import dev.glint.ir.quant.NumericContract;
import java.util.ArrayList;
import java.util.List;

/**
 * An operation that reads {@code Rescale(x)} reads {@code x} instead, when its integer rule takes each
 * operand's own parameters into account anyway: Add and Mul (per-operand multipliers), the lookup-table
 * operations (the table is built from the input type), average and max pooling, Dequantize, and the first
 * operand of Conv, FullyConnected and MatMul with constant weights (the int32 bias is re-expressed in the
 * new accumulator units {@code s_x * s_w}).
 *
 * <p>The operation now sees its operand without the Rescale's rounding: for values inside the Rescale's
 * range the result moves by at most {@code G * s_r / 2}, where {@code s_r} is the Rescale's step and
 * {@code G} the operation's {@link ErrorGain} (1 for sums, averages, maxima and 1-Lipschitz functions; the
 * largest absolute row sum of the weights for a Conv). It fires only when that, plus the bias's new
 * rounding, stays within half a step of the coarser of the Rescale's and the result's types, so the result
 * differs by at most one such step. Values beyond the Rescale's range are no longer clipped to it: a
 * Rescale's range is a calibration choice, never an activation (activations are folded only into
 * computing operations, see {@link FusedActivation}). Max pooling whose output keeps the Rescale's
 * parameters is exact: the Rescale commutes with the maximum.
 *
 * <p>Concat, Max and Min are not consumers here: {@link RescaleConcatInputs} and
 * {@link NormalizeMaxMinScales} put those Rescales there on purpose.
 */
public final class FoldRescaleIntoConsumer implements QuantRewrite {
    @Override
    public String name() {
        return "fold-rescale-into-consumer";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return foldableOperand(node) >= 0;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        int i = foldableOperand(node);
        RescaleNode r = (RescaleNode) node.input(i);
        Node x = r.input(0);
        List<Node> inputs = new ArrayList<>(node.inputs());
        inputs.set(i, x);
        if (isWeighted(node) && node.numInputs() > 2) {
            inputs.set(2, rescaledBias(graph, (ConstantNode) node.input(2), (ConstantNode) node.input(1),
                    r.type().quant().scale(), x.type().quant().scale()));
        }
        return Rebuild.copy(node, inputs, node.type(), node.name(), node.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        int i = foldableOperand(node);
        Node r = node.input(i);
        boolean exact = DataMovement.isMaxPool(node) && QuantTypes.sameParams(r.type(), node.type())
                && (!(node instanceof MaxPoolNode mp) || DataMovement.everyWindowTouchesInput(mp));
        return exact ? Numerics.EXACT : Numerics.ONE_STEP;
    }

    /** The index of an operand whose Rescale can be folded, or -1. */
    private static int foldableOperand(Node node) {
        if (!isConsumer(node)) {
            return -1;
        }
        int operands = node instanceof AddNode || node instanceof MulNode ? 2 : 1;
        for (int i = 0; i < operands; i++) {
            if (node.input(i) instanceof RescaleNode r && QuantTypes.isActivation(r.input(0)) && withinOneStep(node, i, r)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isConsumer(Node node) {
        if (node instanceof DequantizeNode) {
            return true;
        }
        if (!QuantTypes.isActivation(node)) {
            return false;
        }
        if (isWeighted(node)) {
            return node.input(1) instanceof ConstantNode
                    && (node.numInputs() < 3 || node.input(2) instanceof ConstantNode b && hasZeroOffsets(b.type()));
        }
        if (node instanceof MatMulNode) {
            return node.input(1) instanceof ConstantNode;
        }
        return node instanceof AddNode || node instanceof MulNode || DataMovement.isAveragePool(node)
                || DataMovement.isMaxPool(node) || node instanceof ElementwiseUnaryNode && !(node instanceof ExpNode);
    }

    private static boolean isWeighted(Node node) {
        return node instanceof ConvNode || node instanceof FullyConnectedNode;
    }

    private static boolean hasZeroOffsets(TensorType t) {
        if (t.quant() == null) {
            return false;
        }
        for (int z : t.quant().offsets()) {
            if (z != 0) {
                return false;
            }
        }
        return true;
    }

    /** The error bound of the class comment, for operand {@code i} read through Rescale {@code r}. */
    private static boolean withinOneStep(Node node, int i, RescaleNode r) {
        double gain = ErrorGain.of(node, i);
        if (Double.isNaN(gain)) {
            return false;
        }
        double sr = r.type().quant().scale();
        double sy = node.type().kind().isFloat() ? 0 : node.type().quant().scale();
        double biasRounding = 0;
        if (isWeighted(node) && node.numInputs() > 2) {
            QuantParams w = node.input(1).type().quant();
            double largestWeightScale = 0;
            for (float s : w.scales()) {
                largestWeightScale = Math.max(largestWeightScale, s);
            }
            biasRounding = r.input(0).type().quant().scale() * largestWeightScale;
        }
        return gain * sr + biasRounding <= Math.max(sr, sy);
    }

    /**
     * The int32 bias in units {@code sx * s_w[c]} instead of {@code sr * s_w[c]}: the same real values,
     * rounded once more (to nearest, saturating).
     */
    private static Node rescaledBias(Graph graph, ConstantNode bias, ConstantNode weights, float sr, float sx) {
        QuantParams w = weights.type().quant();
        int[] old = bias.value().ints();
        int[] codes = new int[old.length];
        float[] scales = new float[old.length];
        for (int c = 0; c < old.length; c++) {
            float sw = w.scale(w.isPerTensor() ? 0 : c);
            scales[c] = (float) ((double) sx * sw);
            codes[c] = NumericContract.saturateInt32(Math.round(old[c] * ((double) sr / sx)));
        }
        TensorType t = new TensorType(ElemKind.INT32, bias.type().shape(), QuantParams.perAxis(0, scales, new int[old.length]));
        return new ConstantNode(Rebuild.freshName(graph, bias.name() + "__rescaled", new ArrayList<>()), Tensor.ofInts(t, codes));
    }
}
