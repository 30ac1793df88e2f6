package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Parametric ReLU: {@code x < 0 ? slope * x : x}; the slope (input 1) broadcasts to x. */
public final class PReluNode extends ElementwiseBinaryNode {
    public PReluNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "PRelu";
    }

    @Override
    protected float apply(float a, float b) {
        return a < 0 ? a * b : a;
    }
}
