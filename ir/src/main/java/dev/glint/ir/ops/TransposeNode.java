package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** Permutes dimensions: output dimension {@code i} is input dimension {@code perm[i]} (default: reversed). */
public final class TransposeNode extends Node {
    private final int[] permAttr;

    public TransposeNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        permAttr = attrs.getIntArray("perm", null);
    }

    /** The permutation, defaulted and validated. */
    public int[] perm() {
        int rank = inType(0).rank();
        int[] perm = permAttr;
        if (perm == null) {
            perm = new int[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        boolean[] seen = new boolean[rank];
        if (perm.length != rank) {
            throw GlintException.of("Transpose node '%s': perm %s does not fit rank %d", name(), Arrays.toString(perm), rank);
        }
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) {
                throw GlintException.of("Transpose node '%s': %s is not a permutation", name(), Arrays.toString(perm));
            }
            seen[p] = true;
        }
        return perm.clone();
    }

    @Override
    public String op() {
        return "Transpose";
    }

    @Override
    public int[] inferShape() {
        int[] perm = perm();
        int[] x = inType(0).shape();
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[perm[i]];
        }
        return out;
    }

    /**
     * An identity permutation is the input itself; a transpose of a transpose becomes one transpose with
     * the composed permutation (output dim i = inner output dim perm[i] = x dim innerPerm[perm[i]]).
     */
    @Override
    public Node canonical(Graph graph) {
        int[] perm = perm();
        Node x = input(0);
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            identity &= perm[i] == i;
        }
        if (identity && x.type().equals(type())) {
            return x;
        }
        if (x instanceof TransposeNode inner) {
            int[] innerPerm = inner.perm();
            int[] composed = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                composed[i] = innerPerm[perm[i]];
            }
            Attributes a = attrs.toBuilder().put("perm", composed).build();
            return new TransposeNode(name(), List.of(inner.input(0)), a).setOrigin(origin());
        }
        return this;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        int[] perm = perm();
        int[] inStrides = Shapes.strides(in.get(0).shape());
        int[] permuted = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            permuted[i] = inStrides[perm[i]];
        }
        ElementBuffer out = new ElementBuffer(type());
        Tensor x = in.get(0);
        Shapes.forEachIndex(type().shape(), new int[][] {permuted}, (i, offs) -> out.copy(x, offs[0], i));
        return out.toTensor();
    }
}
