package dev.glint.ir.onnx;

import java.util.Arrays;

/**
 * Turns ONNX Slice's {@code starts / ends / axes / steps} into the IR's form: one start, end and step for
 * every dimension, clamped into range. The rules are those of the ONNX Slice specification (opset 13):
 * a negative start or end counts from the end of the dimension (once); then, for a positive step, start
 * and end are clamped to {@code [0, dim]}; for a negative step, start to {@code [0, dim - 1]} and end to
 * {@code [-1, dim - 1]} (where -1 means "before the first element"). Dimensions not named in
 * {@code axes} are taken whole.
 */
final class SliceBounds {
    final int[] starts;
    final int[] ends;
    final int[] steps;

    private SliceBounds(int[] starts, int[] ends, int[] steps) {
        this.starts = starts;
        this.ends = ends;
        this.steps = steps;
    }

    /**
     * @param axes  null for {@code 0 .. starts.length-1}
     * @param steps null for all ones
     */
    static SliceBounds resolve(OnnxNode n, int[] shape, long[] starts, long[] ends, long[] axes, long[] steps) {
        int count = starts.length;
        if (ends.length != count || (axes != null && axes.length != count) || (steps != null && steps.length != count)) {
            throw n.error("starts %s, ends %s, axes %s and steps %s must have the same length", Arrays.toString(starts),
                    Arrays.toString(ends), Arrays.toString(axes), Arrays.toString(steps));
        }
        int rank = shape.length;
        int[] s = new int[rank];
        int[] e = shape.clone();
        int[] st = new int[rank];
        Arrays.fill(st, 1);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < count; i++) {
            long axis = axes == null ? i : axes[i];
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) {
                throw n.error("axis %d is out of range for rank %d", axis, rank);
            }
            if (seen[(int) a]) {
                throw n.error("axis %d is sliced twice", axis);
            }
            seen[(int) a] = true;
            long step = steps == null ? 1 : steps[i];
            if (step == 0 || step < Integer.MIN_VALUE || step > Integer.MAX_VALUE) {
                throw n.error("invalid step %d on axis %d", step, axis);
            }
            long dim = shape[(int) a];
            if (dim == 0) {
                // Nothing to take; the negative-step ranges below would be empty intervals.
                s[(int) a] = 0;
                e[(int) a] = 0;
                st[(int) a] = 1;
                continue;
            }
            long start = starts[i] < 0 ? starts[i] + dim : starts[i];
            long end = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                start = clamp(start, 0, dim);
                end = clamp(end, 0, dim);
            } else {
                start = clamp(start, 0, dim - 1);
                end = clamp(end, -1, dim - 1);
            }
            s[(int) a] = (int) start;
            e[(int) a] = (int) end;
            st[(int) a] = (int) step;
        }
        return new SliceBounds(s, e, st);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
