package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.List;

/** A unary float operation applied to every element. */
public abstract class ElementwiseUnaryNode extends Node {
    protected ElementwiseUnaryNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
    }

    /** The scalar function. */
    public abstract float apply(float x);

    @Override
    public int[] inferShape() {
        return inType(0).shape();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedElementwise.unary(this, in.get(0), this::apply);
        }
        requireFloat(0);
        float[] x = in.get(0).floats();
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = apply(x[i]);
        }
        return Tensor.ofFloats(TensorType.f32(type().shape()), r);
    }
}
