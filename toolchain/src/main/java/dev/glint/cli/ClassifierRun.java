package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Dataset;
import java.util.Map;

/**
 * One graph run through the JIT over the first samples of a labelled dataset: how many it classified
 * correctly (top-1) and every output vector, so that runs of different versions of a model can be compared.
 */
record ClassifierRun(int samples, int correct, float[][] outputs) {
    /** Compiles {@code graph}, runs it on samples {@code 0..count-1} and releases the code again. */
    static ClassifierRun measure(Graph graph, Dataset data, Labels labels, int count) {
        try (JitEngine engine = new JitEngine(graph)) {
            Top1Evaluator check = new Top1Evaluator(graph, engine);
            InputNode input = graph.inputs().get(0);
            data.checkFits(input.type(), input.name());
            labels.checkRange(count, check.classes());
            String output = graph.outputs().get(0).name();
            float[][] outputs = new float[count][];
            int correct = 0;
            for (int i = 0; i < count; i++) {
                Tensor scores = engine.run(Map.of(input.name(), data.sample(i, input.type(), input.name()))).get(output);
                outputs[i] = scores.toFloatArray();
                correct += Top1Evaluator.argmax(scores) == labels.get(i) ? 1 : 0;
            }
            return new ClassifierRun(count, correct, outputs);
        }
    }

    /** Top-1 accuracy in percent. */
    double top1Percent() {
        return 100.0 * correct / samples;
    }

    /**
     * The signal-to-quantization-noise ratio of these outputs against {@code reference}'s, in dB:
     * {@code 10 log10(Σ r² / Σ (r − x)²)} over all samples; infinite when they are identical.
     */
    double sqnrDbAgainst(ClassifierRun reference) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < outputs[i].length; j++) {
                double r = reference.outputs[i][j];
                double d = r - outputs[i][j];
                signal += r * r;
                noise += d * d;
            }
        }
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    }
}
