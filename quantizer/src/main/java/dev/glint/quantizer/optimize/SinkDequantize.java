package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConcatNode;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.PoolNode;
import dev.glint.ir.ops.QuantizeNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a Dequantize below a float operation that works on integers too: {@code op(Dequantize(x))}
 * becomes {@code Dequantize(op'(x))}, where {@code op'} works on {@code x}'s codes and keeps its parameters.
 * The operations: Transpose, Reshape, Slice, Pad (when the padding value has an exact code), MaxPool and
 * GlobalMaxPool, a Concat whose inputs are all Dequantizes of the same parameters, and AveragePool and
 * GlobalAveragePool, which keep the input's scale (windows must not lie entirely in padding, where float
 * and integer pooling disagree).
 *
 * <p>It fires when the Dequantize has no other reader, or when every reader of the operation is a
 * Quantize (the new Dequantize then cancels against them), so conversions never multiply; the integer
 * island grows by one operation, and islands on both sides of it can merge.
 *
 * <p>Numerics: exact for the data movement and max pooling (quantization is monotonic and element-wise);
 * average pooling rounds its result to the input's grid, which the float version did not: half a step.
 */
public final class SinkDequantize implements QuantRewrite {
    @Override
    public String name() {
        return "sink-dequantize";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!node.type().kind().isFloat() || node.numInputs() == 0) {
            return false;
        }
        if (!(node instanceof ConcatNode) && !DataMovement.isLayout(node) && !DataMovement.isMaxPool(node)
                && !DataMovement.isAveragePool(node)) {
            return false;
        }
        TensorType params = null;
        for (Node in : node.inputs()) {
            if (!(in instanceof DequantizeNode dq) || !QuantTypes.isActivation(dq.input(0))) {
                return false;
            }
            TensorType t = dq.input(0).type();
            if (params != null && !QuantTypes.sameParams(params, t)) {
                return false;
            }
            params = t;
        }
        if (node instanceof PoolNode p && !DataMovement.everyWindowTouchesInput(p)) {
            return false;
        }
        if (DataMovement.integerAttributes(node, params) == null) {
            return false;
        }
        return readersAllowSinking(node, graph);
    }

    /** Each Dequantize is read only by {@code node}, or every reader of {@code node} is a Quantize. */
    private static boolean readersAllowSinking(Node node, Graph graph) {
        boolean dequantizesPrivate = true;
        for (Node dq : node.inputs()) {
            dequantizesPrivate &= UseSites.usedOnlyBy(graph, dq, node);
        }
        if (dequantizesPrivate) {
            return true;
        }
        List<Node> readers = UseSites.users(graph, node);
        return !graph.isOutput(node) && !readers.isEmpty() && readers.stream().allMatch(r -> r instanceof QuantizeNode);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        List<Node> codes = new ArrayList<>();
        for (Node dq : node.inputs()) {
            codes.add(dq.input(0));
        }
        TensorType params = codes.get(0).type();
        Attributes attrs = DataMovement.integerAttributes(node, params);
        String name = Rebuild.freshName(graph, node.name() + "__q", new ArrayList<>());
        Node integer = Rebuild.copy(node, codes, attrs, QuantTypes.withShape(params, node.type().shape()), name,
                node.origin());
        return new DequantizeNode(node.name(), List.of(integer), null);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return DataMovement.isAveragePool(node) ? Numerics.ONE_STEP : Numerics.EXACT;
    }
}
