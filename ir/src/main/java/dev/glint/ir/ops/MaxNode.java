package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.List;

/** Elementwise maximum with broadcasting; NaN propagates. */
public final class MaxNode extends ElementwiseBinaryNode {
    public MaxNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "Max";
    }

    @Override
    protected QuantizedElementwise.BinaryOp quantizedOp() {
        return QuantizedElementwise.BinaryOp.MAX;
    }

    @Override
    protected float apply(float a, float b) {
        return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
    }
}
