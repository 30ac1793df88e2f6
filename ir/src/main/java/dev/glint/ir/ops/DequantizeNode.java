package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.NumericContract;
import java.util.List;

/** Quantized integers to float, {@code x = (float) (q - offset) * scale}, per tensor or per axis. */
public final class DequantizeNode extends Node {
    public DequantizeNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
    }

    @Override
    public String op() {
        return "Dequantize";
    }

    @Override
    public ElemKind inferKind() {
        if (!inType(0).isQuantized()) {
            throw GlintException.of("Dequantize node '%s': input %s is not quantized", name(), inType(0));
        }
        return ElemKind.FLOAT32;
    }

    @Override
    public int[] inferShape() {
        return inType(0).shape();
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        Tensor x = in.get(0);
        QuantParams q = x.type().quant();
        int[] shape = x.shape();
        int[] v = x.ints();
        int inner = q.isPerTensor() ? v.length : Shapes.product(shape, q.axis() + 1, shape.length);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = q.isPerTensor() ? 0 : (i / inner) % shape[q.axis()];
            out[i] = NumericContract.dequantize(v[i], q.scale(c), q.offset(c));
        }
        return Tensor.ofFloats(TensorType.f32(shape), out);
    }
}
