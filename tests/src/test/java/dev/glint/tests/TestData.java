package dev.glint.tests;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;

/** Inputs made up for models whose reference outputs were computed on synthetic data. */
final class TestData {
    private TestData() {}

    /**
     * {@code arange(n).reshape(shape) / n} in float32 — the input ONNX's backend test runner feeds to the
     * "light" models when it computes their expected outputs ({@code generate_dummy_data} with
     * {@code random=False} in onnx/backend/test/runner).
     */
    static Tensor rampInput(TensorType type) {
        int n = type.numElements();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((double) i / n);
        }
        return Tensor.ofFloats(type, v);
    }

    /** The single input of a graph, failing clearly when there is not exactly one. */
    static InputNode onlyInput(Graph graph) {
        if (graph.inputs().size() != 1) {
            throw new IllegalStateException("expected one graph input, got " + graph.inputs());
        }
        return graph.inputs().get(0);
    }
}
