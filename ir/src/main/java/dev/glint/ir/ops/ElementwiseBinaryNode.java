package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.List;

/** A binary float operation with numpy (multidirectional) broadcasting. */
public abstract class ElementwiseBinaryNode extends Node {
    protected ElementwiseBinaryNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(2, 2);
    }

    /** The scalar function. */
    protected abstract float apply(float a, float b);

    /** The int8 rule of this operation, or null when it has none. */
    protected QuantizedElementwise.BinaryOp quantizedOp() {
        return null;
    }

    @Override
    public int[] inferShape() {
        boolean bothQuantized = inType(0).isQuantized() && inType(1).isQuantized();
        if (inType(0).kind() != inType(1).kind() && !bothQuantized) {
            throw GlintException.of("%s node '%s': input kinds differ (%s vs %s)", op(), name(), inType(0), inType(1));
        }
        return Shapes.broadcast(inType(0).shape(), inType(1).shape(), op() + " node '" + name() + "'");
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            if (quantizedOp() == null) {
                throw GlintException.of("%s node '%s' has no int8 implementation", op(), name());
            }
            return QuantizedElementwise.binary(this, quantizedOp(), in);
        }
        requireFloat(0);
        int[] out = type().shape();
        float[] a = in.get(0).floats();
        float[] b = in.get(1).floats();
        float[] r = new float[Shapes.product(out)];
        int[][] strides = {Shapes.broadcastStrides(in.get(0).shape(), out), Shapes.broadcastStrides(in.get(1).shape(), out)};
        Shapes.forEachIndex(out, strides, (i, offs) -> r[i] = apply(a[offs[0]], b[offs[1]]));
        return Tensor.ofFloats(TensorType.f32(out), r);
    }
}
