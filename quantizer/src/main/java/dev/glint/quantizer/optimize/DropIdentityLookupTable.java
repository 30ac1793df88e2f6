package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ElementwiseUnaryNode;
import dev.glint.ir.quant.QuantizedElementwise;

/**
 * An int8 unary operation (a lookup table) whose table maps every code to itself is its input. The common
 * case is a Relu whose input and output types are equal and already start at 0 or above
 * ({@code dequantize(qmin) >= 0}); a Clip whose bounds lie outside the type's range is another.
 *
 * <p>Numerics: exact; the table is computed by the node's own rule and checked code by code.
 */
public final class DropIdentityLookupTable implements QuantRewrite {
    @Override
    public String name() {
        return "drop-identity-lookup-table";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        if (!(node instanceof ElementwiseUnaryNode f) || !QuantTypes.isActivation(node)
                || !node.type().equals(node.input(0).type())) {
            return false;
        }
        int[] table = QuantizedElementwise.lookupTable(node.input(0).type(), node.type(), f::apply, node.op());
        int qmin = QuantTypes.range(node.type()).qmin();
        for (int i = 0; i < table.length; i++) {
            if (table[i] != qmin + i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        return node.input(0);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
