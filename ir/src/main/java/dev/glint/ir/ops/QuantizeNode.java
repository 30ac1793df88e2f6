package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ElemKind;
import dev.glint.ir.quant.NumericContract;
import java.util.List;

/**
 * Float to quantized integers, {@code q = clamp(roundHalfEven(x / scale) + offset)} per
 * {@link NumericContract#quantize}. The output type (kind, scale, offset, per tensor or per axis) is the
 * node's declared type; it must be set before the node is added to a graph.
 */
public final class QuantizeNode extends Node {
    public QuantizeNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
    }

    /** A Quantize node producing {@code outType} (which must be quantized). */
    public static QuantizeNode of(String name, Node input, TensorType outType) {
        QuantizeNode q = new QuantizeNode(name, List.of(input), Attributes.EMPTY);
        q.setType(outType);
        return q;
    }

    @Override
    public String op() {
        return "Quantize";
    }

    @Override
    public ElemKind inferKind() {
        requireFloat(0);
        if (type() == null || !type().isQuantized()) {
            throw GlintException.of("Quantize node '%s' needs a declared quantized output type", name());
        }
        return type().kind();
    }

    @Override
    public int[] inferShape() {
        return inType(0).shape();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        return quantize(in.get(0), type());
    }

    /** Quantizes a float tensor to the quantized type {@code t} (the semantics of this node). */
    public static Tensor quantize(Tensor input, TensorType t) {
        float[] x = input.floats();
        QuantParams q = t.quant();
        int qmin = (int) t.kind().min();
        int qmax = (int) t.kind().max();
        int[] shape = t.shape();
        int inner = q.isPerTensor() ? x.length : Shapes.product(shape, q.axis() + 1, shape.length);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = q.isPerTensor() ? 0 : (i / inner) % shape[q.axis()];
            out[i] = NumericContract.quantize(x[i], q.scale(c), q.offset(c), qmin, qmax);
        }
        return Tensor.ofInts(t, out);
    }
}
