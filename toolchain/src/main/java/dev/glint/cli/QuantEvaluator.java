package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Dataset;
import java.util.Map;

/**
 * Runs the float and the quantized graph side by side over a labelled dataset: top-1 of each, how often
 * their predictions agree, and the SQNR of the quantized outputs against the float ones
 * ({@code 10 log10(Σ f² / Σ (f − q)²)} over all samples) and the cosine similarity of each sample's
 * output vectors (lowest and mean).
 */
final class QuantEvaluator {
    /** The measured figures. */
    record Result(int samples, int floatCorrect, int int8Correct, int agree, double signal, double noise,
            double cosineMin, double cosineMean) {
        double floatTop1() {
            return (double) floatCorrect / samples;
        }

        double int8Top1() {
            return (double) int8Correct / samples;
        }

        double agreement() {
            return (double) agree / samples;
        }

        /** SQNR in dB; infinite when the outputs are identical. */
        double sqnrDb() {
            return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        }
    }

    private final Top1Evaluator floatCheck;
    private final Engine floatEngine;
    private final Engine quantEngine;
    private final InputNode input;
    private final String output;

    QuantEvaluator(Graph floatGraph, Engine floatEngine, Graph quantGraph, Engine quantEngine) {
        this.floatCheck = new Top1Evaluator(floatGraph, floatEngine);
        new Top1Evaluator(quantGraph, quantEngine);
        this.floatEngine = floatEngine;
        this.quantEngine = quantEngine;
        this.input = floatGraph.inputs().get(0);
        this.output = floatGraph.outputs().get(0).name();
    }

    Result evaluate(Dataset data, Labels labels, int count, ProgressBar progress) {
        data.checkFits(input.type(), input.name());
        labels.checkRange(count, floatCheck.classes());
        int fc = 0;
        int qc = 0;
        int agree = 0;
        double signal = 0;
        double noise = 0;
        double cosMin = Double.POSITIVE_INFINITY;
        double cosSum = 0;
        for (int i = 0; i < count; i++) {
            Map<String, Tensor> x = Map.of(input.name(), data.sample(i, input.type(), input.name()));
            Tensor f = floatEngine.run(x).get(output);
            Tensor q = quantEngine.run(x).get(output);
            int pf = Top1Evaluator.argmax(f);
            int pq = Top1Evaluator.argmax(q);
            fc += pf == labels.get(i) ? 1 : 0;
            qc += pq == labels.get(i) ? 1 : 0;
            agree += pf == pq ? 1 : 0;
            double dot = 0;
            double ff = 0;
            double qq = 0;
            for (int j = 0; j < f.size(); j++) {
                double a = f.getDouble(j);
                double b = q.getDouble(j);
                signal += a * a;
                noise += (a - b) * (a - b);
                dot += a * b;
                ff += a * a;
                qq += b * b;
            }
            double cos = ff == 0 && qq == 0 ? 1 : dot / Math.sqrt(ff * qq);
            cosMin = Math.min(cosMin, cos);
            cosSum += cos;
            progress.update(i + 1);
        }
        return new Result(count, fc, qc, agree, signal, noise, cosMin, cosSum / count);
    }
}
