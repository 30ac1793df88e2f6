package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.NumericContract;
import dev.glint.ir.quant.QuantRange;
import java.util.List;

/**
 * Changes the quantization parameters (and possibly the integer kind) of a per-tensor quantized value:
 * {@code q' = roundClampOffset((float) (q - offset) * (s / s'), offset')}, per {@link NumericContract}.
 * The output type is declared, as for {@link QuantizeNode}.
 */
public final class RescaleNode extends Node {
    public RescaleNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
    }

    /** A Rescale node producing {@code outType}. */
    public static RescaleNode of(String name, Node input, TensorType outType) {
        RescaleNode r = new RescaleNode(name, List.of(input), Attributes.EMPTY);
        r.setType(outType);
        return r;
    }

    @Override
    public String op() {
        return "Rescale";
    }

    @Override
    public ElemKind inferKind() {
        if (!inType(0).isQuantized() || type() == null || !type().isQuantized()) {
            throw GlintException.of("Rescale node '%s' needs a quantized input and a declared quantized output type", name());
        }
        return type().kind();
    }

    @Override
    public int[] inferShape() {
        return inType(0).shape();
    }

    /** The multiplier {@code s_in / s_out}. */
    public float multiplier() {
        return NumericContract.multiplier(inType(0).quant().scale(), type().quant().scale());
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        QuantRange src = QuantRange.of(inType(0), "Rescale node '" + name() + "'");
        QuantRange dst = QuantRange.of(type(), "Rescale node '" + name() + "'");
        float m = multiplier();
        int[] v = in.get(0).ints();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = dst.fromScaled((float) (v[i] - src.offset()) * m);
        }
        return Tensor.ofInts(type(), out);
    }
}
