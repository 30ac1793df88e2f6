package dev.glint.cli.report;

import dev.glint.cli.Labels;
import dev.glint.cli.ProgressBar;
import dev.glint.cli.Top1Evaluator;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import dev.glint.quantizer.QuantReport;
import dev.glint.quantizer.profile.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Gathers the report's figures: runs the data through the float and the quantized graph (per-value SQNR,
 * top-1 agreement and accuracy), describes every layer from the quantization report and the profile, and
 * optionally times each layer under the JIT.
 */
public final class ReportCollector {
    /** The model as quantized for the report. */
    public record Model(String file, Graph floatGraph, Graph quantGraph, QuantReport report, Profile profile,
                        String profileFile, List<String> calibration) {}

    private final Model model;

    public ReportCollector(Model model) {
        this.model = model;
    }

    /**
     * Collects the figures over the first {@code count} samples of {@code data}.
     *
     * @param labels      the samples' classes, or null
     * @param labelsNote  where the labels came from, or why there are none
     * @param timer          times each layer, or null to skip timing
     * @param dataProgress   makes the progress bar over the samples, given their number
     * @param timingProgress makes the progress bar over the timed layers, given their number
     */
    public ReportData collect(Dataset data, int count, Labels labels, String labelsNote, LayerTimer timer,
            IntFunction<ProgressBar> dataProgress, IntFunction<ProgressBar> timingProgress) {
        long t0 = System.nanoTime();
        Graph quant = model.quantGraph();
        InputNode input = model.floatGraph().inputs().get(0);
        String output = model.floatGraph().outputs().get(0).name();
        data.checkFits(input.type(), input.name());
        if (labels != null) {
            TensorType scores = model.floatGraph().outputs().get(0).node().type();
            labels.checkRange(count, scores.dim(scores.rank() - 1));
        }
        List<Node> layerNodes = model.report().entries().stream().map(e -> quant.find(e.name())).toList();
        ActivationComparison comparison = new ActivationComparison(model.floatGraph(), quant, operandNames(layerNodes));
        NoiseMeter outputNoise = new NoiseMeter();
        int agree = 0;
        int floatCorrect = 0;
        int int8Correct = 0;
        ProgressBar bar = dataProgress.apply(count);
        try {
            for (int i = 0; i < count; i++) {
                ActivationComparison.Outputs out = comparison.addSample(
                        Map.of(input.name(), data.sample(i, input.type(), input.name())));
                Tensor f = out.floatOutputs().get(output);
                Tensor q = out.quantOutputs().get(output);
                outputNoise.add(RealValues.of(f), RealValues.of(q));
                int pf = Top1Evaluator.argmax(f);
                int pq = Top1Evaluator.argmax(q);
                agree += pf == pq ? 1 : 0;
                if (labels != null) {
                    floatCorrect += pf == labels.get(i) ? 1 : 0;
                    int8Correct += pq == labels.get(i) ? 1 : 0;
                }
                bar.update(i + 1);
            }
        } finally {
            bar.finish();
        }
        double[] micros = timer == null ? null : time(layerNodes, comparison, timer, timingProgress);
        List<LayerRecord> layers = new ArrayList<>();
        List<QuantReport.Entry> entries = model.report().entries();
        for (int i = 0; i < entries.size(); i++) {
            layers.add(describe(i, entries.get(i), layerNodes.get(i), comparison,
                    micros == null ? Double.NaN : micros[i]));
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        return new ReportData(model.file(), model.floatGraph().name(), model.profileFile(), model.profile().samples(),
                model.calibration(), data.source(), count, agree, labels == null ? -1 : floatCorrect,
                labels == null ? -1 : int8Correct, labelsNote, outputNoise.sqnrDb(), layers,
                timer == null ? 0 : timer.runs(), millis);
    }

    private static Set<String> operandNames(List<Node> layers) {
        Set<String> names = new HashSet<>();
        for (Node n : layers) {
            n.inputs().stream().filter(in -> !in.isConstant()).forEach(in -> names.add(in.name()));
        }
        return names;
    }

    private static double[] time(List<Node> layers, ActivationComparison comparison, LayerTimer timer,
            IntFunction<ProgressBar> progress) {
        double[] micros = new double[layers.size()];
        ProgressBar bar = progress.apply(layers.size());
        try {
            for (int i = 0; i < layers.size(); i++) {
                micros[i] = timer.microseconds(layers.get(i), comparison::firstSampleValue);
                bar.update(i + 1);
            }
        } finally {
            bar.finish();
        }
        return micros;
    }

    private LayerRecord describe(int index, QuantReport.Entry e, Node node, ActivationComparison comparison,
            double micros) {
        Map<String, LayerRecord.Operand> operands = new LinkedHashMap<>();
        NoiseMeter inputNoise = new NoiseMeter();
        boolean inputsMeasured = false;
        for (Node in : node.inputs()) {
            if (in.isConstant() || operands.containsKey(in.name())) {
                continue;
            }
            operands.put(in.name(), new LayerRecord.Operand(in.name(), in.type()));
            NoiseMeter m = comparison.meter(in.name());
            if (m != null) {
                inputNoise.add(m);
                inputsMeasured = true;
            }
        }
        NoiseMeter out = comparison.meter(node.name());
        String twin = comparison.twin(node.name());
        return new LayerRecord(index, e.name(), e.origin(), e.op(), e.precision(), e.reason(),
                List.copyOf(operands.values()), e.outputType(), e.weights(), out == null ? Double.NaN : out.sqnrDb(),
                inputsMeasured ? inputNoise.sqnrDb() : Double.NaN, twin == null ? null : model.profile().get(twin),
                RealValues.representableRange(node.type()), micros);
    }
}
