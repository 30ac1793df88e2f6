package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Hyperbolic tangent, computed in double and rounded once. */
public final class TanhNode extends ElementwiseUnaryNode {

    public TanhNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);

    }

    @Override
    public String op() {
        return "Tanh";
    }

    @Override
    public float apply(float x) {
        return (float) Math.tanh(x);
    }
}
