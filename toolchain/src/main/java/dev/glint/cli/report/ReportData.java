package dev.glint.cli.report;

import java.util.Comparator;
import java.util.List;

/**
 * Everything the report page shows, gathered before any HTML is written.
 *
 * @param calibration     how the model was quantized (schema, calibration, weights, kept nodes)
 * @param agree           samples on which float and int8 pick the same class
 * @param floatCorrect    samples the float model gets right, or -1 without labels
 * @param int8Correct     samples the int8 model gets right, or -1 without labels
 * @param labelsSource    where the labels came from, or why there are none
 * @param outputSqnrDb    SQNR of the int8 model's outputs against the float model's
 * @param timingRuns      timed runs per layer, 0 when layers were not timed
 * @param collectMillis   time spent running the data and timing the layers
 */
public record ReportData(String modelFile, String graphName, String profileFile, long profileSamples,
                         List<String> calibration, String dataSource, int samples, int agree, int floatCorrect,
                         int int8Correct, String labelsSource, double outputSqnrDb, List<LayerRecord> layers,
                         int timingRuns, double collectMillis) {

    public boolean hasLabels() {
        return floatCorrect >= 0;
    }

    public double agreement() {
        return (double) agree / samples;
    }

    public long int8Layers() {
        return layers.stream().filter(l -> !l.isFloat()).count();
    }

    /**
     * The layers that cost the most accuracy: those whose output loses the most SQNR relative to their
     * operands, largest loss first; layers without a measured loss are left out.
     */
    public List<LayerRecord> costliest(int n) {
        return layers.stream().filter(l -> !Double.isNaN(l.dropDb()))
                .sorted(Comparator.comparingDouble(LayerRecord::dropDb).reversed()).limit(n).toList();
    }
}
