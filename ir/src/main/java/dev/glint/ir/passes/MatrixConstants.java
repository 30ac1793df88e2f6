package dev.glint.ir.passes;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;

/** Constant-matrix helpers shared by the patterns that form FullyConnected nodes. */
final class MatrixConstants {
    private MatrixConstants() {}

    /** True for a non-quantized f32 constant. */
    static boolean isFloatConstant(Node n) {
        return n instanceof ConstantNode && n.type().kind() == ElemKind.FLOAT32 && !n.type().isQuantized();
    }

    /** True for a non-quantized f32 node. */
    static boolean isPlainFloat(Node n) {
        return n.type().kind() == ElemKind.FLOAT32 && !n.type().isQuantized();
    }

    /** True when {@code n}'s shape is {@code [len]} or {@code [1, len]} (a bias row). */
    static boolean isBiasRow(Node n, int len) {
        int[] s = n.type().shape();
        return (s.length == 1 && s[0] == len) || (s.length == 2 && s[0] == 1 && s[1] == len);
    }

    /** A new constant (named after {@code m}) holding the transpose of the 2-D f32 constant {@code m}. */
    static ConstantNode transposed(Graph graph, ConstantNode m) {
        int rows = m.type().dim(0);
        int cols = m.type().dim(1);
        float[] src = m.value().floats();
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
        return new ConstantNode(graph.uniqueName(m.name() + "_T"), Tensor.ofFloats(TensorType.f32(cols, rows), dst));
    }

    /** {@code bias} itself when it is 1-D, else a new 1-D constant with the same values. */
    static Node asVector(Graph graph, ConstantNode bias) {
        if (bias.type().rank() == 1) {
            return bias;
        }
        Tensor flat = bias.value().reshape(TensorType.f32(bias.type().numElements()));
        return new ConstantNode(graph.uniqueName(bias.name() + "_vec"), flat);
    }
}
