package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.List;

/**
 * A strided slice. Attributes {@code starts}, {@code ends}, {@code steps} give one entry per dimension,
 * already clamped by the importer to valid ranges (ONNX semantics: a negative step walks backwards, an
 * end of -1 with a negative step means "past the beginning"). Output extent per dimension:
 * {@code max(0, ceil((end - start) / step))}.
 */
public final class SliceNode extends Node {
    private final int[] starts;
    private final int[] ends;
    private final int[] steps;

    public SliceNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        starts = attrs.getIntArray("starts", null);
        ends = attrs.getIntArray("ends", null);
        steps = attrs.getIntArray("steps", null);
        if (starts == null || ends == null || steps == null || starts.length != ends.length
                || steps.length != starts.length) {
            throw GlintException.of("Slice node '%s' needs starts, ends and steps of equal length", name);
        }
    }

    public int[] starts() {
        return starts.clone();
    }

    public int[] ends() {
        return ends.clone();
    }

    public int[] steps() {
        return steps.clone();
    }

    @Override
    public String op() {
        return "Slice";
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        if (x.length != starts.length) {
            throw GlintException.of("Slice node '%s': %d slice bounds for rank %d", name(), starts.length, x.length);
        }
        int[] out = new int[x.length];
        for (int d = 0; d < x.length; d++) {
            int step = steps[d];
            if (step == 0) {
                throw GlintException.of("Slice node '%s': step 0 on axis %d", name(), d);
            }
            boolean ok = step > 0 ? starts[d] >= 0 && ends[d] <= x[d] : starts[d] < x[d] && ends[d] >= -1;
            if (!ok) {
                throw GlintException.of("Slice node '%s': bounds %d..%d step %d out of range for extent %d on axis %d",
                        name(), starts[d], ends[d], step, x[d], d);
            }
            int span = ends[d] - starts[d];
            out[d] = Math.max(0, step > 0 ? (span + step - 1) / step : (span + step + 1) / step);
        }
        return out;
    }

    /** A slice that takes every element in order is the input itself. */
    @Override
    public Node canonical(Graph graph) {
        int[] x = input(0).type().shape();
        for (int d = 0; d < x.length; d++) {
            if (starts[d] != 0 || ends[d] != x[d] || steps[d] != 1) {
                return this;
            }
        }
        return input(0).type().equals(type()) ? input(0) : this;
    }

    @Override
    public Tensor evaluate(List<Tensor> in) {
        int[] inStrides = Shapes.strides(in.get(0).shape());
        int base = 0;
        int[] stepped = new int[inStrides.length];
        for (int d = 0; d < inStrides.length; d++) {
            base += starts[d] * inStrides[d];
            stepped[d] = steps[d] * inStrides[d];
        }
        ElementBuffer out = new ElementBuffer(type());
        Tensor x = in.get(0);
        int origin = base;
        if (type().numElements() > 0) {
            Shapes.forEachIndex(type().shape(), new int[][] {stepped}, (i, offs) -> out.copy(x, origin + offs[0], i));
        }
        return out.toTensor();
    }
}
