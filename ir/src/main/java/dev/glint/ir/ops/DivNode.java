package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Elementwise {@code a / b} with broadcasting (IEEE division). */
public final class DivNode extends ElementwiseBinaryNode {
    public DivNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "Div";
    }

    @Override
    protected float apply(float a, float b) {
        return a / b;
    }
}
