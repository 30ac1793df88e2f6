package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.AveragePoolNode;
import dev.glint.ir.ops.GlobalAveragePoolNode;
import dev.glint.ir.ops.GlobalMaxPoolNode;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.ops.PadNode;
import dev.glint.ir.ops.PoolNode;
import dev.glint.ir.ops.ReshapeNode;
import dev.glint.ir.ops.SliceNode;
import dev.glint.ir.ops.SpatialGeometry;
import dev.glint.ir.ops.TransposeNode;
import dev.glint.ir.quant.QuantizedElementwise;

/**
 * The operations that work on both float values and integer codes: they move or select elements
 * (Transpose, Reshape — which stands for Flatten, Squeeze and Unsqueeze too —, Slice, Pad) or only compare
 * them (MaxPool, GlobalMaxPool). On codes with their input's quantization parameters they compute exactly
 * the quantization of their float result, because quantization is monotonic and acts element by element.
 */
final class DataMovement {
    private DataMovement() {}

    /** Transpose, Reshape, Slice, Pad: operations that only copy elements (or a padding constant). */
    static boolean isLayout(Node n) {
        return n instanceof TransposeNode || n instanceof ReshapeNode || n instanceof SliceNode || n instanceof PadNode;
    }

    /** MaxPool and GlobalMaxPool. */
    static boolean isMaxPool(Node n) {
        return n instanceof MaxPoolNode || n instanceof GlobalMaxPoolNode;
    }

    /** AveragePool and GlobalAveragePool. */
    static boolean isAveragePool(Node n) {
        return n instanceof AveragePoolNode || n instanceof GlobalAveragePoolNode;
    }

    /**
     * The attributes of the integer version of float operation {@code d} working on codes of type {@code t}:
     * a constant Pad's value becomes the code that represents it exactly. Null when there is no such code.
     */
    static Attributes integerAttributes(Node d, TensorType t) {
        if (d instanceof PadNode p && p.mode().equals("constant")) {
            Integer code = QuantTypes.exactCode(t, p.value());
            return code == null ? null : p.attributes().toBuilder().put("value", (float) code).build();
        }
        return d.attributes();
    }

    /**
     * The attributes of integer operation {@code d}, whose codes have type {@code from}, moved to codes of
     * type {@code to} by a Rescale: a constant Pad's value is rescaled like every other element.
     */
    static Attributes rescaledAttributes(Node d, TensorType from, TensorType to) {
        if (d instanceof PadNode p && p.mode().equals("constant")) {
            int code = QuantizedElementwise.rescaler(QuantTypes.range(from), QuantTypes.range(to)).applyAsInt((int) p.value());
            return p.attributes().toBuilder().put("value", (float) code).build();
        }
        return d.attributes();
    }

    /**
     * True when every window of {@code p} covers at least one input element. A window entirely in padding
     * gives -inf in float but the smallest code in integers, so only then are the two versions equal.
     */
    static boolean everyWindowTouchesInput(PoolNode p) {
        SpatialGeometry g = p.geometry();
        int[] in = p.input(0).type().shape();
        int[] out = p.type().shape();
        for (int d = 0; d < g.rank(); d++) {
            for (int o = 0; o < out[d + 2]; o++) {
                boolean touches = false;
                for (int j = 0; j < g.kernel(d) && !touches; j++) {
                    int pos = o * g.stride(d) - g.padBegin(d) + j * g.dilation(d);
                    touches = pos >= 0 && pos < in[d + 2];
                }
                if (!touches) {
                    return false;
                }
            }
        }
        return true;
    }
}
