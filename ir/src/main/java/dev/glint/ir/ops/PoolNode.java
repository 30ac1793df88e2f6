package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantizedPool;
import java.util.Arrays;
import java.util.List;

/**
 * A sliding-window reduction over the spatial dimensions of {@code [N, C, D...]}. Attributes:
 * {@code kernel_shape}, {@code strides}, {@code dilations}, explicit {@code pads}, {@code ceil_mode}.
 */
public abstract class PoolNode extends Node {
    private final SpatialGeometry geometry;

    protected PoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        checkArity(1, 1);
        int[] kernel = attrs.getIntArray("kernel_shape", null);
        if (kernel == null) {
            throw GlintException.of("%s node '%s' has no kernel_shape", op(), name);
        }
        this.geometry = SpatialGeometry.fromAttributes(kernel, attrs);
    }

    public SpatialGeometry geometry() {
        return geometry;
    }

    @Override
    public int[] inferShape() {
        int[] x = inType(0).shape();
        String what = op() + " node '" + name() + "'";
        if (x.length != geometry.rank() + 2) {
            throw new GlintException(what + ": input " + Arrays.toString(x) + " does not fit a "
                    + geometry.rank() + "-D window");
        }
        int[] spatial = geometry.outputShape(Arrays.copyOfRange(x, 2, x.length), what);
        int[] out = new int[x.length];
        out[0] = x[0];
        out[1] = x[1];
        System.arraycopy(spatial, 0, out, 2, spatial.length);
        return out;
    }

    /** Reduces one window; {@code values} holds the elements inside the input, {@code padded} counts pads. */
    protected abstract float reduce(float[] values, int count, int windowInsideFullExtent);

    @Override
    public Tensor evaluate(List<Tensor> in) {
        if (inType(0).isQuantized()) {
            return QuantizedPool.pool(this, in.get(0));
        }
        requireFloat(0);
        int[] xs = in.get(0).shape();
        int[] os = type().shape();
        float[] x = in.get(0).floats();
        SpatialGeometry g = geometry;
        int k = g.rank();
        int[] inSpatial = Arrays.copyOfRange(xs, 2, xs.length);
        int[] outSpatial = Arrays.copyOfRange(os, 2, os.length);
        int inPlane = Shapes.product(inSpatial);
        int outPlane = Shapes.product(outSpatial);
        int[] inStrides = Shapes.strides(inSpatial);
        float[] out = new float[Shapes.product(os)];
        // A window holds at most one element per input position (dilations are at least 1).
        int[] offsets = new int[Math.min(inPlane, Shapes.product(g.kernel()))];
        float[] window = new float[offsets.length];
        int[] outIdx = new int[k];
        for (int plane = 0; plane < xs[0] * xs[1]; plane++) {
            for (int o = 0; o < outPlane; o++) {
                WindowIndex.unravel(o, outSpatial, outIdx);
                WindowSpan span = WindowSpan.of(g, outIdx, inSpatial);
                int count = span.insideOffsets(g, outIdx, inStrides, offsets);
                for (int i = 0; i < count; i++) {
                    window[i] = x[plane * inPlane + offsets[i]];
                }
                out[plane * outPlane + o] = reduce(window, count, span.paddedCount());
            }
        }
        return Tensor.ofFloats(TensorType.f32(os), out);
    }
}
