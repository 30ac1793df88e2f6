package dev.glint.tests.fuzz;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.passes.Canonicalization;
import java.util.HashMap;
import java.util.Map;

/**
 * What a model file goes through in the fuzz tests: import, then the canonicalization pipeline (where
 * import-time folding and shape inference can still go wrong), then — when the graph is tiny — one run
 * of the reference interpreter on made-up inputs.
 */
final class ModelPipeline {
    /** Graphs whose values hold at most this many elements in total are also interpreted. */
    static final long INTERPRET_MAX_ELEMENTS = 50_000;

    private ModelPipeline() {}

    /**
     * Runs the pipeline on {@code bytes}. Returns VALID when every stage succeeds; a GlintException from
     * import escapes (the caller checks that it names {@code where}); one from a later stage is checked
     * here to be a clear line and gives REJECTED.
     */
    static Verdict run(byte[] bytes, String where) {
        Graph graph = OnnxImporter.load(bytes, where);
        try {
            Canonicalization.standardPipeline().run(graph);
            if (totalElements(graph) <= INTERPRET_MAX_ELEMENTS) {
                Interpreter.run(graph, madeUpInputs(graph));
            }
        } catch (GlintException e) {
            UnclearMessageException.check(e, null);
            return Verdict.REJECTED;
        }
        return Verdict.VALID;
    }

    private static long totalElements(Graph graph) {
        long total = 0;
        for (InputNode in : graph.inputs()) {
            total += in.type().numElements();
        }
        for (Node n : graph.nodes()) {
            total += n.type().numElements();
        }
        return total;
    }

    /** Small deterministic values of each input's kind (a ramp through -2..2 for floats). */
    private static Map<String, Tensor> madeUpInputs(Graph graph) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (InputNode in : graph.inputs()) {
            TensorType t = in.type();
            int n = t.numElements();
            Tensor value;
            if (t.kind() == ElemKind.FLOAT32) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (i % 9) * 0.5f - 2f;
                }
                value = Tensor.ofFloats(t, v);
            } else if (t.kind() == ElemKind.INT64) {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 3;
                }
                value = Tensor.ofLongs(t, v);
            } else {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 3;
                }
                value = Tensor.ofInts(t, v);
            }
            inputs.put(in.name(), value);
        }
        return inputs;
    }
}
