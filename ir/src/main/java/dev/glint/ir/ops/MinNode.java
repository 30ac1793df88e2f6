package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.List;

/** Elementwise minimum with broadcasting; NaN propagates. */
public final class MinNode extends ElementwiseBinaryNode {
    public MinNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "Min";
    }

    @Override
    protected QuantizedElementwise.BinaryOp quantizedOp() {
        return QuantizedElementwise.BinaryOp.MIN;
    }

    @Override
    protected float apply(float a, float b) {
        return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
    }
}
