package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A view with another shape and the same elements in the same order. Attribute {@code shape} is the
 * fully resolved output shape (the importer resolves ONNX's 0 and -1 and turns Flatten, Squeeze and
 * Unsqueeze into Reshape, since with static shapes they are all the same operation).
 */
public final class ReshapeNode extends Node {
    private final int[] shape;

    public ReshapeNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        shape = attrs.getIntArray("shape", null);
        if (shape == null) {
            throw GlintException.of("Reshape node '%s' has no shape attribute", name);
        }
    }

    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String op() {
        return "Reshape";
    }

    @Override
    public int[] inferShape() {
        if (Shapes.product(shape) != inType(0).numElements() || Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw GlintException.of("Reshape node '%s': cannot reshape %s to %s", name(), inType(0),
                    Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** A reshape to the input's own type is the input; a reshape of a reshape reads the inner one's input. */
    @Override
    public Node canonical(Graph graph) {
        Node x = input(0);
        if (x.type().equals(type())) {
            return x;
        }
        if (x instanceof ReshapeNode inner) {
            return new ReshapeNode(name(), List.of(inner.input(0)), attrs).setOrigin(origin());
        }
        return this;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        return in.get(0).reshape(type());
    }
}
