package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Leaky ReLU: {@code x < 0 ? alpha * x : x}; attribute {@code alpha} (default 0.01). */
public final class LeakyReluNode extends ElementwiseUnaryNode {
    private final float alpha;

    public LeakyReluNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        this.alpha = attrs.getFloat("alpha", 0.01f);
    }

    public float alpha() {
        return alpha;
    }

    @Override
    public String op() {
        return "LeakyRelu";
    }

    @Override
    public float apply(float x) {
        return x < 0 ? alpha * x : x;
    }
}
