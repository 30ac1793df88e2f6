package dev.glint.codegen;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import java.util.List;
import java.util.Random;

/**
 * Builds random quantized layers the way the quantizer emits them: int8 input per tensor, int8 weights
 * per output channel (offset 0, or not when asked), int32 bias, and an output scale chosen so that
 * typical accumulators map into the middle of the int8 range (so that results are neither all clamped
 * nor all zero).
 */
final class QuantizedLayers {
    private final Random r;
    private int weightLo = -128;
    private int weightHi = 127;

    QuantizedLayers(long seed) {
        this.r = new Random(seed);
    }

    /** Later weights draw their codes from {@code [lo, hi]} (default the whole int8 range). */
    QuantizedLayers weightCodes(int lo, int hi) {
        weightLo = lo;
        weightHi = hi;
        return this;
    }

    Random random() {
        return r;
    }

    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    float scale() {
        return (float) Math.exp(-5 + 4 * r.nextDouble()); // about 0.007 .. 0.37
    }

    int offset(ElemKind kind) {
        return kind == ElemKind.UINT8 ? between(0, 255) : between(-60, 60);
    }

    TensorType activation(ElemKind kind, int... shape) {
        return new TensorType(kind, shape, QuantParams.perTensor(scale(), offset(kind)));
    }

    /** Random int8 weights of {@code shape}, per channel along axis 0; offsets 0 unless {@code asymmetric}. */
    Tensor weights(int[] shape, boolean asymmetric) {
        int channels = shape[0];
        float[] s = new float[channels];
        int[] z = new int[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = scale();
            z[c] = asymmetric ? between(-20, 20) : 0;
        }
        TensorType t = new TensorType(ElemKind.INT8, shape, QuantParams.perAxis(0, s, z));
        return Tensor.ofInts(t, ints(t.numElements(), weightLo, weightHi));
    }

    Tensor bias(int channels) {
        return Tensor.ofInts(TensorType.of(ElemKind.INT32, channels), ints(channels, -5000, 5000));
    }

    int[] ints(int n, int lo, int hi) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = between(lo, hi);
        }
        return v;
    }

    /**
     * Output parameters whose scale maps an accumulator of {@code depth} random products to about +-50;
     * null (raw int32 accumulators, ONNX's ConvInteger) for an {@code i32} output.
     */
    QuantParams output(ElemKind kind, TensorType x, Tensor w, int depth) {
        if (kind == ElemKind.INT32) {
            return null;
        }
        double spread = (x.kind().max() - x.kind().min()) / Math.sqrt(12); // deviation of uniform codes
        double typical = Math.sqrt(Math.max(1, depth)) * spread * 74;
        double sw = w.type().quant().scale(0);
        float sy = (float) (x.quant().scale() * sw * typical / 50);
        return QuantParams.perTensor(sy, offset(kind));
    }

    /**
     * Adds a node whose output is quantized with {@code kind} and {@code params} (its shape inferred) and
     * makes it a graph output.
     */
    static Node addOutput(Graph g, String op, String name, List<Node> inputs, Attributes attrs, ElemKind kind,
            QuantParams params) {
        Node n = OpRegistry.create(op, name, inputs, attrs);
        n.setType(new TensorType(kind, n.inferShape(), params));
        g.add(n);
        g.addOutput(name, n);
        return n;
    }
}
