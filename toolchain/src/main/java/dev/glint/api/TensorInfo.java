package dev.glint.api;

import dev.glint.ir.ElemKind;
import dev.glint.ir.TensorType;

/**
 * The name, element type and shape of one input or output of a model. Immutable and thread-safe.
 */
public final class TensorInfo {
    private final String name;
    private final TensorType type;

    TensorInfo(String name, TensorType type) {
        this.name = name;
        this.type = type;
    }

    /** The ONNX value name, the key of this tensor in {@link CompiledModel#run(java.util.Map)}. */
    public String name() {
        return name;
    }

    /** The element type ({@code FLOAT32} for every input and output of a model compiled by this API). */
    public ElemKind kind() {
        return type.kind();
    }

    /** The shape (a fresh copy). */
    public int[] shape() {
        return type.shape();
    }

    /** The number of elements: the product of the shape. */
    public int elementCount() {
        return type.numElements();
    }

    /** The full tensor type, as the compiler sees it. */
    public TensorType type() {
        return type;
    }

    /** For example {@code image f32[1,1,8,8]}. */
    @Override
    public String toString() {
        return name + " " + type;
    }
}
