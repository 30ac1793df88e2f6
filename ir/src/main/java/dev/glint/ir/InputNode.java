package dev.glint.ir;

import java.util.List;

/** A graph input (a value fed by the caller at run time). */
public final class InputNode extends Node {
    public InputNode(String name, TensorType type) {
        super(name, List.of(), Attributes.EMPTY);
        setType(type);
    }

    @Override
    public String op() {
        return "Input";
    }

    @Override
    public int[] inferShape() {
        return type().shape();
    }

    @Override
    public ElemKind inferKind() {
        return type().kind();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        throw new IllegalStateException("graph input " + name() + " has no value of its own");
    }
}
