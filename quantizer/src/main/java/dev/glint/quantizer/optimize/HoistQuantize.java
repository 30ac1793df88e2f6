package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConcatNode;
import dev.glint.ir.ops.QuantizeNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a Quantize above a float operation that works on integers too: {@code Quantize_T(op(x))} becomes
 * {@code op'(Quantize_T(x))} with {@code op'} working on codes of type {@code T}. The operations:
 * Transpose, Reshape, Slice, Pad (when {@code T} has an exact code for the padding value), MaxPool,
 * GlobalMaxPool and Concat (each input quantized to {@code T}). It fires when the Quantize is the
 * operation's only reader, so no float work is duplicated.
 *
 * <p>Numerics: exact. Quantization (round, then clamp) is monotonic and element-wise, so it commutes with
 * moving, selecting and taking maxima of elements; a max-pool window entirely in padding gives -inf in
 * float, which quantizes to the smallest code, as the integer version gives too. Average pooling is not
 * among the operations: clamping its inputs to the output's (narrower) range before averaging would change
 * the result.
 */
public final class HoistQuantize implements QuantRewrite {
    @Override
    public String name() {
        return "hoist-quantize";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof QuantizeNode) || !QuantTypes.isActivation(node)) {
            return false;
        }
        Node op = node.input(0);
        if (!(op instanceof ConcatNode) && !DataMovement.isLayout(op) && !DataMovement.isMaxPool(op)) {
            return false;
        }
        if (!op.type().kind().isFloat() || !UseSites.hasSingleUse(graph, op)) {
            return false;
        }
        return op.inputs().stream().allMatch(in -> in.type().kind().isFloat())
                && DataMovement.integerAttributes(op, node.type()) != null;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node op = node.input(0);
        TensorType t = node.type();
        List<String> taken = new ArrayList<>();
        Map<Node, Node> quantized = new IdentityHashMap<>();
        List<Node> inputs = new ArrayList<>();
        for (Node in : op.inputs()) {
            inputs.add(quantized.computeIfAbsent(in, x -> QuantizeNode.of(
                    Rebuild.freshName(graph, x.name() + "__quant", taken), x, QuantTypes.withShape(t, x.type().shape()))));
        }
        Attributes attrs = DataMovement.integerAttributes(op, t);
        return Rebuild.copy(op, inputs, attrs, t, node.name(), op.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
