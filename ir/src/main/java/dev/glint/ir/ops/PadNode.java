package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Padding with {@code pads = [begin_0.., end_0..]} (non-negative here; the importer turns negative pads
 * into a Slice). {@code mode} is {@code constant} (with {@code value}, the stored representation for
 * integer kinds), {@code reflect} or {@code edge}.
 */
public final class PadNode extends Node {
    private final int[] pads;
    private final String mode;
    private final float value;

    public PadNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        pads = attrs.getIntArray("pads", null);
        mode = attrs.getString("mode", "constant");
        value = attrs.getFloat("value", 0f);
        if (pads == null || Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw GlintException.of("Pad node '%s' needs non-negative pads", name);
        }
        if (!List.of("constant", "reflect", "edge").contains(mode)) {
            throw GlintException.of("Pad node '%s': unsupported mode '%s'", name, mode);
        }
    }

    public int[] pads() {
        return pads.clone();
    }

    public String mode() {
        return mode;
    }

    public float value() {
        return value;
    }

    @Override
    public String op() {
        return "Pad";
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        if (pads.length != 2 * x.length) {
            throw GlintException.of("Pad node '%s': %d pads for rank %d", name(), pads.length, x.length);
        }
        int[] out = new int[x.length];
        for (int d = 0; d < x.length; d++) {
            out[d] = x[d] + pads[d] + pads[d + x.length];
            if (mode.equals("reflect") && (pads[d] >= x[d] || pads[d + x.length] >= x[d])) {
                throw GlintException.of("Pad node '%s': reflect pads must be smaller than extent %d", name(), x[d]);
            }
            if (!mode.equals("constant") && x[d] == 0 && out[d] > 0) {
                throw GlintException.of("Pad node '%s': cannot %s-pad an empty axis", name(), mode);
            }
        }
        return out;
    }

    /** Padding by nothing is the input itself, whatever the mode. */
    @Override
    public Node canonical(Graph graph) {
        boolean none = Arrays.stream(pads).allMatch(p -> p == 0);
        return none && input(0).type().equals(type()) ? input(0) : this;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        Tensor x = in.get(0);
        int[] xs = x.shape();
        int[] os = type().shape();
        int rank = xs.length;
        int[] inStrides = Shapes.strides(xs);
        ElementBuffer out = new ElementBuffer(type());
        int[] idx = new int[rank];
        for (int i = 0; i < type().numElements(); i++) {
            WindowIndex.unravel(i, os, idx);
            int src = 0;
            boolean inside = true;
            for (int d = 0; d < rank; d++) {
                int p = idx[d] - pads[d];
                if (p < 0 || p >= xs[d]) {
                    switch (mode) {
                        case "edge" -> p = p < 0 ? 0 : xs[d] - 1;
                        case "reflect" -> p = p < 0 ? -p : 2 * (xs[d] - 1) - p;
                        default -> inside = false;
                    }
                }
                src += p * inStrides[d];
            }
            if (inside) {
                out.copy(x, src, i);
            } else {
                out.set(i, value);
            }
        }
        return out.toTensor();
    }
}
