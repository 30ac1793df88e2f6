package dev.glint.cli;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import java.util.List;

/** Small graphs built in code, standing in for model files in the command-line tests. */
final class TestModels {
    private TestModels() {}

    /**
     * A three-class "classifier": input {@code x} f32[1,4], output {@code scores} f32[1,3] = Gemm with
     * weights that pick x[0], 2*x[1], x[2] (plus bias 0, 0, 0.5), so its prediction is easy to foresee.
     */
    static Graph classifier() {
        Graph g = new Graph("tiny-classifier");
        InputNode x = g.addInput("x", TensorType.f32(1, 4));
        ConstantNode w = g.addConstant("w", Tensor.ofFloats(new float[] {
            1, 0, 0, 0,
            0, 2, 0, 0,
            0, 0, 1, 0}, 3, 4));
        ConstantNode b = g.addConstant("b", Tensor.ofFloats(new float[] {0, 0, 0.5f}, 3));
        Node scores = g.add(OpRegistry.create("Gemm", "scores", List.of(x, w, b),
                Attributes.builder().put("transB", 1L).build()));
        g.addOutput("scores", scores);
        return g;
    }

    /** What {@link #classifier()} computes for one input row. */
    static float[] classifierScores(float[] x) {
        return new float[] {x[0], 2 * x[1], x[2] + 0.5f};
    }

    /**
     * Two inputs {@code a}, {@code b} f32[2,2] and two outputs: {@code sum} = a + b and
     * {@code relu/out:1} = relu(a) (a name that is not a safe file name).
     */
    static Graph twoInTwoOut() {
        Graph g = new Graph("two-in-two-out");
        InputNode a = g.addInput("a", TensorType.f32(2, 2));
        InputNode b = g.addInput("b", TensorType.f32(2, 2));
        Node sum = g.add(OpRegistry.create("Add", "sum", List.of(a, b), Attributes.EMPTY));
        Node relu = g.add(OpRegistry.create("Relu", "relu/out:1", List.of(a), Attributes.EMPTY));
        g.addOutput("sum", sum);
        g.addOutput("relu/out:1", relu);
        return g;
    }
}
