package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;

/**
 * {@code Quantize(Dequantize(x))} is {@code x} when the Quantize produces {@code x}'s own type, and a
 * {@code Rescale(x)} to the Quantize's type when the parameters differ: a detour through float becomes an
 * integer operation or nothing.
 *
 * <p>Numerics: with equal types the round trip is exact ({@code (q - z) * s / s} is within two float32
 * ulps of the integer {@code q - z}, which rounding restores, for the at most 16-bit codes allowed here).
 * The Rescale computes {@code (q - z) * (s / s')} where the detour computed {@code ((q - z) * s) / s'},
 * which can round differently in float32: at most one step apart.
 */
public final class CancelQuantizeDequantize implements QuantRewrite {
    @Override
    public String name() {
        return "cancel-quantize-dequantize";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof QuantizeNode) || !(node.input(0) instanceof DequantizeNode dq)) {
            return false;
        }
        Node x = dq.input(0);
        return QuantTypes.isActivation(node) && QuantTypes.isActivation(x);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Node x = node.input(0).input(0);
        if (x.type().equals(node.type())) {
            return x;
        }
        return RescaleNode.of(node.name(), x, node.type()).setOrigin(node.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return node.input(0).input(0).type().equals(node.type()) ? Numerics.EXACT : Numerics.ONE_STEP;
    }
}
