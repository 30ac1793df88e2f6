package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Logistic sigmoid, computed in double and rounded once. */
public final class SigmoidNode extends ElementwiseUnaryNode {

    public SigmoidNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);

    }

    @Override
    public String op() {
        return "Sigmoid";
    }

    @Override
    public float apply(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }
}
