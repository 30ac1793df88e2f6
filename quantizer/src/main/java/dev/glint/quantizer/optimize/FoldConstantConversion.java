package dev.glint.quantizer.optimize;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;
import java.util.List;

/**
 * {@code Quantize(constant)} and {@code Rescale(constant)} become a constant holding the converted values,
 * computed once, at compile time, by the node's own semantics: no conversion of a constant is left for run
 * time. The constant keeps the node's name and origin.
 */
public final class FoldConstantConversion implements QuantRewrite {
    @Override
    public String name() {
        return "fold-constant-conversion";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return (node instanceof QuantizeNode || node instanceof RescaleNode) && node.input(0) instanceof ConstantNode;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        Tensor value = node.evaluate(List.of(((ConstantNode) node.input(0)).value()));
        return new ConstantNode(node.name(), value).setOrigin(node.origin());
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
