package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedElementwise;
import java.util.Arrays;
import java.util.List;

/** Concatenation along {@code axis} of inputs that agree in every other dimension and in element kind. */
public final class ConcatNode extends Node {
    private final long axisAttr;

    public ConcatNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, Integer.MAX_VALUE);
        axisAttr = attrs.getInt("axis");
    }

    public int axis() {
        return Shapes.axis(axisAttr, inType(0).rank(), false, "Concat node '" + name() + "'");
    }

    @Override
    public String op() {
        return "Concat";
    }

    @Override
    public int[] inferShape() {
        int axis = axis();
        int[] out = inType(0).shape();
        for (int i = 1; i < numInputs(); i++) {
            int[] s = inType(i).shape();
            boolean kindsAgree = inType(i).kind() == inType(0).kind()
                    || inType(i).isQuantized() && inType(0).isQuantized();
            if (s.length != out.length || !kindsAgree) {
                throw GlintException.of("Concat node '%s': input %d (%s) does not match input 0 (%s)", name(), i,
                        inType(i), inType(0));
            }
            for (int d = 0; d < s.length; d++) {
                if (d != axis && s[d] != out[d]) {
                    throw GlintException.of("Concat node '%s': input %d shape %s differs from %s outside axis %d",
                            name(), i, Arrays.toString(s), Arrays.toString(out), axis);
                }
            }
            out[axis] += s[axis];
        }
        return out;
    }

    /** Quantized inputs with other parameters than the output are rescaled to the output's (Rescale rule). */
    private Tensor rescaledToOutput(Tensor t) {
        if (!type().isQuantized() || type().quant().equals(t.type().quant())) {
            return t;
        }
        String what = "Concat node '" + name() + "'";
        var rescale = QuantizedElementwise.rescaler(QuantRange.of(t.type(), what), QuantRange.of(type(), what));
        int[] v = t.ints();
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = rescale.applyAsInt(v[i]);
        }
        return Tensor.ofInts(type().withShape(t.shape()), r);
    }

    /** A concatenation of one input is that input. */
    @Override
    public Node canonical(Graph graph) {
        return numInputs() == 1 && input(0).type().equals(type()) ? input(0) : this;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        int axis = axis();
        int[] os = type().shape();
        int outer = Shapes.product(os, 0, axis);
        int inner = Shapes.product(os, axis + 1, os.length);
        ElementBuffer out = new ElementBuffer(type());
        int outRow = os[axis] * inner;
        int start = 0;
        for (Tensor t : in) {
            t = rescaledToOutput(t);
            int rows = t.shape()[axis] * inner;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < rows; j++) {
                    out.copy(t, o * rows + j, o * outRow + start + j);
                }
            }
            start += rows;
        }
        return out.toTensor();
    }
}
