package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import java.util.Map;

/**
 * Measures top-1 accuracy: runs each sample through an engine and compares the index of the largest
 * score in the (single) output with the sample's label. Ties go to the lowest index, as in
 * {@code numpy.argmax}.
 */
public final class Top1Evaluator {
    /** The outcome: {@code correct} of {@code samples} predictions matched their label. */
    public record Result(int samples, int correct) {
        public double fraction() {
            return samples == 0 ? 0 : (double) correct / samples;
        }
    }

    private final Engine engine;
    private final InputNode input;
    private final String output;
    private final int classes;

    /** Checks that the graph has one input and one output holding a single row of class scores. */
    public Top1Evaluator(Graph graph, Engine engine) {
        if (graph.inputs().size() != 1) {
            throw GlintException.of("top-1 evaluation needs a model with one input; this one has %d",
                    graph.inputs().size());
        }
        if (graph.outputs().size() != 1) {
            throw GlintException.of("top-1 evaluation needs a model with one output; this one has %d",
                    graph.outputs().size());
        }
        this.engine = engine;
        this.input = graph.inputs().get(0);
        Graph.Output out = graph.outputs().get(0);
        this.output = out.name();
        TensorType type = out.node().type();
        this.classes = type.rank() == 0 ? 1 : type.dim(type.rank() - 1);
        if (type.rank() == 0 || type.numElements() != classes || classes == 0) {
            throw GlintException.of("top-1 evaluation needs an output holding one row of class scores; '%s' is %s",
                    output, type);
        }
    }

    /** Number of classes: the size of the output's last dimension. */
    public int classes() {
        return classes;
    }

    /** Evaluates the first {@code count} samples, reporting progress after each. */
    public Result evaluate(Dataset data, Labels labels, int count, ProgressBar progress) {
        data.checkFits(input.type(), input.name());
        labels.checkRange(count, classes);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            Tensor x = data.sample(i, input.type(), input.name());
            Tensor scores = engine.run(Map.of(input.name(), x)).get(output);
            if (argmax(scores) == labels.get(i)) {
                correct++;
            }
            progress.update(i + 1);
        }
        return new Result(count, correct);
    }

    /** The index of the largest score (the first on ties; NaN never wins). */
    public static int argmax(Tensor scores) {
        int best = 0;
        double bestValue = scores.getDouble(0);
        for (int i = 1; i < scores.size(); i++) {
            double v = scores.getDouble(i);
            // NaN never wins, so a NaN score does not hide a real maximum.
            if (v > bestValue || Double.isNaN(bestValue) && !Double.isNaN(v)) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }
}
