package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.List;

/** Elementwise {@code a + b} with broadcasting. */
public final class AddNode extends ElementwiseBinaryNode {
    public AddNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "Add";
    }

    @Override
    protected QuantizedElementwise.BinaryOp quantizedOp() {
        return QuantizedElementwise.BinaryOp.ADD;
    }

    @Override
    protected float apply(float a, float b) {
        return a + b;
    }
}
