package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Rectified linear unit {@code max(x, 0)} (NaN propagates). */
public final class ReluNode extends ElementwiseUnaryNode {

    public ReluNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);

    }

    @Override
    public String op() {
        return "Relu";
    }

    @Override
    public float apply(float x) {
        return x < 0 ? 0f : x;
    }
}
