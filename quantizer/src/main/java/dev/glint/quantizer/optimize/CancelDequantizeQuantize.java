package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;

/**
 * {@code Dequantize(Quantize(x))} is replaced by {@code x} when nothing else reads the Quantize: a float
 * value that went to integers and straight back is used as it was. This changes the float numbers, by
 * removing a rounding to the quantization grid (half a step at most for values inside the type's range;
 * values outside it are no longer clipped), which is why it is a rewrite of its own.
 */
public final class CancelDequantizeQuantize implements QuantRewrite {
    @Override
    public String name() {
        return "cancel-dequantize-quantize";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return node instanceof DequantizeNode && node.input(0) instanceof QuantizeNode q
                && UseSites.hasSingleUse(graph, q);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        return node.input(0).input(0);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.ONE_STEP;
    }
}
