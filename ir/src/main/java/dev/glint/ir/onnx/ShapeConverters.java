package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Operators that only move or relabel data: Reshape and the operators that are Reshape in disguise once
 * shapes are static (Flatten, Squeeze, Unsqueeze), Transpose, Concat, and Identity/Dropout, which in
 * inference simply pass their input on.
 */
final class ShapeConverters {
    private ShapeConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("Reshape", ShapeConverters::reshape);
        table.put("Flatten", ShapeConverters::flatten);
        table.put("Squeeze", ShapeConverters::squeeze);
        table.put("Unsqueeze", ShapeConverters::unsqueeze);
        table.put("Transpose", ShapeConverters::transpose);
        table.put("Concat", (n, ctx) -> ctx.emitOutput(n, "Concat", ctx.inputs(n),
                Attributes.builder().put("axis", n.intAttr("axis")).build()));
        table.put("Identity", (n, ctx) -> ctx.alias(n, ctx.input(n, 0)));
        table.put("Dropout", ShapeConverters::dropout);
    }

    private static void emitReshape(OnnxNode n, ImportContext ctx, Node x, int[] shape) {
        ctx.emitOutput(n, "Reshape", List.of(x), Attributes.builder().put("shape", shape).build());
    }

    /** Reshape; the target shape must be known at import (from opset 5 it is an input, before an attribute). */
    private static void reshape(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        long[] target;
        if (ctx.opset() < 5) {
            target = n.intsAttr("shape");
            if (target == null) {
                throw n.error("missing attribute 'shape'");
            }
        } else {
            Tensor t = ctx.constantInput(n, 1, "shape");
            if (t.type().rank() != 1 || t.type().kind().isFloat()) {
                throw n.error("shape must be a 1-D integer tensor, got %s", t.type());
            }
            target = t.toLongArray();
        }
        emitReshape(n, ctx, x, resolveReshape(n, x.type().shape(), target, n.intAttr("allowzero", 0) != 0));
    }

    /**
     * ONNX Reshape's target rules: 0 copies the input's dimension at the same index (unless
     * {@code allowzero=1}, where 0 is a real zero), one -1 is inferred from the element count.
     */
    static int[] resolveReshape(OnnxNode n, int[] in, long[] target, boolean allowZero) {
        int[] out = new int[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == -1) {
                if (inferred >= 0) {
                    throw n.error("shape %s has more than one -1", Arrays.toString(target));
                }
                inferred = i;
                continue;
            }
            if (t == 0 && !allowZero) {
                if (i >= in.length) {
                    throw n.error("shape %s copies dimension %d (0) but the input %s has rank %d",
                            Arrays.toString(target), i, Arrays.toString(in), in.length);
                }
                t = in[i];
            }
            if (t < 0 || t > Integer.MAX_VALUE) {
                throw n.error("invalid dimension %d in shape %s", target[i], Arrays.toString(target));
            }
            out[i] = (int) t;
            known *= t;
            if (known > Integer.MAX_VALUE) {
                throw n.error("shape %s has too many elements", Arrays.toString(target));
            }
        }
        long total = 1;
        for (int d : in) {
            total *= d;
        }
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw n.error("cannot infer the -1 in shape %s for input %s", Arrays.toString(target),
                        Arrays.toString(in));
            }
            out[inferred] = (int) (total / known);
        } else if (known != total) {
            throw n.error("cannot reshape %s (%d elements) to %s", Arrays.toString(in), total,
                    Arrays.toString(target));
        }
        return out;
    }

    /** Flatten to 2-D at {@code axis} (default 1; negative from opset 11): {@code [prod(d<axis), prod(d>=axis)]}. */
    private static void flatten(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        int[] xs = x.type().shape();
        long axis = n.intAttr("axis", 1);
        long a = axis < 0 ? axis + xs.length : axis;
        if (a < 0 || a > xs.length) {
            throw n.error("axis %d is out of range for rank %d", axis, xs.length);
        }
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= xs[i];
        }
        long inner = 1;
        for (int i = (int) a; i < xs.length; i++) {
            inner *= xs[i];
        }
        emitReshape(n, ctx, x, new int[] {(int) outer, (int) inner});
    }

    /** Axes of Squeeze/Unsqueeze: an attribute before opset 13, an (optional) input from 13. */
    private static long[] axes(OnnxNode n, ImportContext ctx) {
        if (ctx.opset() < 13) {
            return n.intsAttr("axes");
        }
        Tensor t = ctx.optionalConstantInput(n, 1, "axes");
        return t == null ? null : t.toLongArray();
    }

    /** Normalises axes against {@code rank} and checks they are distinct. */
    private static boolean[] axisSet(OnnxNode n, long[] axes, int rank) {
        boolean[] set = new boolean[rank];
        for (long axis : axes) {
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) {
                throw n.error("axis %d is out of range for rank %d", axis, rank);
            }
            if (set[(int) a]) {
                throw n.error("axis %d is given twice in %s", axis, Arrays.toString(axes));
            }
            set[(int) a] = true;
        }
        return set;
    }

    /** Removes the given dimensions of extent 1 (all of them when no axes are given). */
    private static void squeeze(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        int[] xs = x.type().shape();
        long[] axes = axes(n, ctx);
        boolean[] drop = axes == null ? new boolean[xs.length] : axisSet(n, axes, xs.length);
        int[] out = new int[xs.length];
        int rank = 0;
        for (int i = 0; i < xs.length; i++) {
            if (axes == null && xs[i] == 1) {
                drop[i] = true;
            }
            if (drop[i] && xs[i] != 1) {
                throw n.error("cannot squeeze axis %d of extent %d in %s", i, xs[i], x.type());
            }
            if (!drop[i]) {
                out[rank++] = xs[i];
            }
        }
        emitReshape(n, ctx, x, Arrays.copyOf(out, rank));
    }

    /** Inserts dimensions of extent 1 at the given axes of the output. */
    private static void unsqueeze(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        int[] xs = x.type().shape();
        long[] axes = axes(n, ctx);
        if (axes == null) {
            throw n.error("missing axes");
        }
        int rank = xs.length + axes.length;
        boolean[] inserted = axisSet(n, axes, rank);
        int[] out = new int[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : xs[next++];
        }
        emitReshape(n, ctx, x, out);
    }

    private static void transpose(OnnxNode n, ImportContext ctx) {
        int[] perm = n.intArrayAttr("perm", null);
        Attributes attrs = perm == null ? Attributes.EMPTY : Attributes.builder().put("perm", perm).build();
        ctx.emitOutput(n, "Transpose", List.of(ctx.input(n, 0)), attrs);
    }

    /**
     * In inference Dropout passes its input through. Its mask output and training mode (a
     * {@code training_mode} input from opset 12) are not supported.
     */
    private static void dropout(OnnxNode n, ImportContext ctx) {
        if (ctx.isUsed(n.output(1))) {
            throw n.unsupported("Dropout mask output", "its mask output '%s' is used", n.output(1));
        }
        if (ctx.opset() >= 12) {
            Tensor training = ctx.optionalConstantInput(n, 2, "training_mode");
            if (training != null && training.getDouble(0) != 0) {
                throw n.unsupported("Dropout training_mode=true", "training_mode is true (inference only)");
            }
        }
        ctx.alias(n, ctx.input(n, 0));
    }
}
