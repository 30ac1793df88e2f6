package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Natural exponential, computed in double and rounded once. */
public final class ExpNode extends ElementwiseUnaryNode {

    public ExpNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);

    }

    @Override
    public String op() {
        return "Exp";
    }

    @Override
    public float apply(float x) {
        return (float) Math.exp(x);
    }
}
