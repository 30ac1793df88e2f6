package dev.glint.cli.report;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.quantizer.optimize.OpCounts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs the float graph and the quantized graph on the same samples through the reference interpreter and
 * measures, for every value of the quantized graph, how far its real value (dequantized) is from the float
 * graph's value of the same name. Conversions (Quantize, Rescale, Dequantize) inserted by the quantizer
 * have no float twin of their own; they are compared with the float value they convert.
 */
public final class ActivationComparison {
    private final Graph floatGraph;
    private final Graph quantGraph;
    /** Quantized value name → the float value name it approximates. */
    private final Map<String, String> twins = new LinkedHashMap<>();
    private final Set<String> floatNamesNeeded = new HashSet<>();
    private final Map<String, NoiseMeter> meters = new HashMap<>();
    private final Set<String> keepFirst;
    private final Map<String, Tensor> firstSample = new HashMap<>();
    private int samples;

    /**
     * @param keepFirst quantized values to keep from the first sample (inputs for per-layer timing)
     */
    public ActivationComparison(Graph floatGraph, Graph quantGraph, Set<String> keepFirst) {
        this.floatGraph = floatGraph;
        this.quantGraph = quantGraph;
        this.keepFirst = Set.copyOf(keepFirst);
        for (Node n : quantGraph.nodes()) {
            String twin = twinOf(n);
            if (twin != null) {
                twins.put(n.name(), twin);
                floatNamesNeeded.add(twin);
            }
        }
    }

    /** The float value a quantized value stands for, or null when it has none. */
    private String twinOf(Node q) {
        if (q.isConstant()) {
            return null;
        }
        Node f = floatGraph.find(q.name());
        if (f != null && !f.isConstant()) {
            return f.name();
        }
        if (OpCounts.CONVERSIONS.contains(q.op())) {
            return twinOf(q.input(0));
        }
        // Graph inputs keep their names in both graphs.
        return floatGraph.inputs().stream().anyMatch(i -> i.name().equals(q.name())) ? q.name() : null;
    }

    /** The float value name that {@code quantValue} is compared with, or null. */
    public String twin(String quantValue) {
        return twins.get(quantValue);
    }

    /** Runs one sample through both graphs; returns {float outputs, quantized outputs}. */
    public Outputs addSample(Map<String, Tensor> inputs) {
        Map<String, float[]> reference = new HashMap<>();
        Map<String, Tensor> floatOut = Interpreter.run(floatGraph, inputs, (node, value) -> {
            if (floatNamesNeeded.contains(node.name())) {
                reference.put(node.name(), RealValues.of(value));
            }
        });
        boolean first = samples == 0;
        Map<String, Tensor> quantOut = Interpreter.run(quantGraph, inputs, (node, value) -> {
            if (first && keepFirst.contains(node.name())) {
                firstSample.put(node.name(), value);
            }
            String twin = twins.get(node.name());
            float[] ref = twin == null ? null : reference.get(twin);
            if (ref != null && ref.length == value.size()) {
                meters.computeIfAbsent(node.name(), k -> new NoiseMeter()).add(ref, RealValues.of(value));
            }
        });
        samples++;
        return new Outputs(floatOut, quantOut);
    }

    /** The outputs of both graphs for one sample. */
    public record Outputs(Map<String, Tensor> floatOutputs, Map<String, Tensor> quantOutputs) {}

    /** The noise measured on a quantized value, or null when it has no float twin. */
    public NoiseMeter meter(String quantValue) {
        return meters.get(quantValue);
    }

    /** A value of the quantized graph as computed for the first sample (only those asked for), or null. */
    public Tensor firstSampleValue(String quantValue) {
        return firstSample.get(quantValue);
    }

    public int samples() {
        return samples;
    }
}
