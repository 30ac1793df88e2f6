package dev.glint.ir;

import java.util.List;

/** A value known at compile time (weights, biases, folded shapes). */
public final class ConstantNode extends Node {
    private final Tensor value;

    public ConstantNode(String name, Tensor value) {
        super(name, List.of(), Attributes.EMPTY);
        this.value = value;
        setType(value.type());
    }

    public Tensor value() {
        return value;
    }

    @Override
    public String op() {
        return "Constant";
    }

    @Override
    public int[] inferShape() {
        return value.shape();
    }

    @Override
    public ElemKind inferKind() {
        return value.type().kind();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        return value;
    }

    @Override
    public boolean isConstant() {
        return true;
    }
}
