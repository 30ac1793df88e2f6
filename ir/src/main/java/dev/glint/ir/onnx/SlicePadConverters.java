package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Slice and Pad, whose ONNX forms are turned into explicit per-dimension bounds. */
final class SlicePadConverters {
    private SlicePadConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("Slice", SlicePadConverters::slice);
        table.put("Pad", SlicePadConverters::pad);
    }

    /** Slice: before opset 10, starts/ends/axes are attributes (no steps); from 10, constant inputs. */
    private static void slice(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (ctx.opset() < 10) {
            starts = n.intsAttr("starts");
            ends = n.intsAttr("ends");
            axes = n.intsAttr("axes");
            if (starts == null || ends == null) {
                throw n.error("missing attribute 'starts' or 'ends'");
            }
        } else {
            starts = ints(ctx.constantInput(n, 1, "starts"));
            ends = ints(ctx.constantInput(n, 2, "ends"));
            axes = ints(ctx.optionalConstantInput(n, 3, "axes"));
            steps = ints(ctx.optionalConstantInput(n, 4, "steps"));
        }
        SliceBounds b = SliceBounds.resolve(n, x.type().shape(), starts, ends, axes, steps);
        ctx.emitOutput(n, "Slice", List.of(x), sliceAttrs(b.starts, b.ends, b.steps));
    }

    private static long[] ints(Tensor t) {
        return t == null ? null : t.toLongArray();
    }

    private static Attributes sliceAttrs(int[] starts, int[] ends, int[] steps) {
        return Attributes.builder().put("starts", starts).put("ends", ends).put("steps", steps).build();
    }

    /**
     * Pad. Before opset 11: attributes {@code pads}, {@code mode}, {@code value}; from 11: inputs
     * {@code pads}, optional {@code constant_value} and (opset 18) {@code axes}. Negative pads remove
     * elements: they become a Slice applied first, then the remaining positive pads (ONNX Runtime crops
     * before padding as well; for constant mode the order does not matter).
     */
    private static void pad(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        int rank = x.type().rank();
        String mode = n.stringAttr("mode", "constant");
        if (!List.of("constant", "reflect", "edge").contains(mode)) {
            throw n.unsupported("Pad mode '" + mode + "'", "mode '%s' is not supported (constant, reflect, edge)", mode);
        }
        long[] pads;
        float value;
        long[] axes = null;
        if (ctx.opset() < 11) {
            pads = n.intsAttr("pads");
            if (pads == null) {
                throw n.error("missing attribute 'pads'");
            }
            value = n.floatAttr("value", 0f);
        } else {
            pads = ctx.constantInput(n, 1, "pads").toLongArray();
            Tensor v = ctx.optionalConstantInput(n, 2, "constant_value");
            if (v != null && v.size() != 1) {
                throw n.error("constant_value must be a scalar, got %s", v.type());
            }
            value = v == null ? 0f : (float) v.getDouble(0);
            axes = ints(ctx.optionalConstantInput(n, 3, "axes"));
        }
        long[] full = fullPads(n, pads, axes, rank);
        int[] shape = x.type().shape();
        int[] begin = new int[rank];
        int[] end = shape.clone();
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        int[] positive = new int[2 * rank];
        boolean crop = false;
        boolean grow = false;
        for (int d = 0; d < rank; d++) {
            long b = full[d];
            long e = full[d + rank];
            if (b < 0 || e < 0) {
                crop = true;
                begin[d] = cropAmount(b, shape[d]);
                end[d] = Math.max(begin[d], shape[d] - cropAmount(e, shape[d]));
            }
            if (b > Integer.MAX_VALUE || e > Integer.MAX_VALUE) {
                throw n.error("pads %s are too large", Arrays.toString(pads));
            }
            positive[d] = (int) Math.max(b, 0);
            positive[d + rank] = (int) Math.max(e, 0);
            grow |= b > 0 || e > 0;
        }
        if (!grow) {
            if (crop) {
                ctx.emitOutput(n, "Slice", List.of(x), sliceAttrs(begin, end, ones));
            } else {
                ctx.alias(n, x);
            }
            return;
        }
        Node source = crop
                ? ctx.emit(n, ctx.freshName(n.output(0) + "/crop"), "Slice", List.of(x), sliceAttrs(begin, end, ones))
                : x;
        Attributes attrs = Attributes.builder().put("pads", positive).put("mode", mode).put("value", value).build();
        ctx.emitOutput(n, "Pad", List.of(source), attrs);
    }

    /** How many elements a pad removes: its negation when negative, at most the whole extent. */
    private static int cropAmount(long pad, int extent) {
        return pad >= 0 ? 0 : pad <= -extent ? extent : (int) -pad;
    }

    /** Expands pads given for {@code axes} (or all dimensions) to {@code [begin_0..begin_r-1, end_0..end_r-1]}. */
    private static long[] fullPads(OnnxNode n, long[] pads, long[] axes, int rank) {
        int count = axes == null ? rank : axes.length;
        if (pads.length != 2 * count) {
            throw n.error("%d pads do not fit %d axes", pads.length, count);
        }
        long[] full = new long[2 * rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < count; i++) {
            long axis = axes == null ? i : axes[i];
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank || seen[(int) a]) {
                throw n.error("invalid or repeated axis %d for rank %d", axis, rank);
            }
            seen[(int) a] = true;
            full[(int) a] = pads[i];
            full[(int) a + rank] = pads[i + count];
        }
        return full;
    }
}
