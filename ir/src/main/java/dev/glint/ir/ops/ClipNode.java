package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import java.util.List;

/** Clamps to [{@code min}, {@code max}] (float attributes, defaults -inf and +inf; ONNX's input form is turned into attributes at import). */
public final class ClipNode extends ElementwiseUnaryNode {
    private final float min;
    private final float max;

    public ClipNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        this.min = attrs.getFloat("min", Float.NEGATIVE_INFINITY);
        this.max = attrs.getFloat("max", Float.POSITIVE_INFINITY);
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    @Override
    public String op() {
        return "Clip";
    }

    /** Clipping to [-inf, +inf] changes nothing (NaN and -0.0 included). */
    @Override
    public Node canonical(Graph graph) {
        boolean unbounded = min == Float.NEGATIVE_INFINITY && max == Float.POSITIVE_INFINITY;
        return unbounded && input(0).type().equals(type()) ? input(0) : this;
    }

    @Override
    public float apply(float x) {
        return Float.isNaN(x) ? x : Math.min(Math.max(x, min), max);
    }
}
