package dev.glint.quantizer.profile;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates a {@link Profile} over any number of samples: every float value the graph computes (and
 * every float input) is recorded into a fixed-size {@link ValueProfile}. A NaN or infinity anywhere is an
 * error naming the value and the sample, since it would make every range meaningless.
 */
public final class Profiler {
    private final Graph graph;
    private final Map<String, ValueProfile> values = new LinkedHashMap<>();
    private long samples;

    public Profiler(Graph graph) {
        this.graph = graph;
        for (InputNode in : graph.inputs()) {
            if (in.type().kind().isFloat()) {
                values.put(in.name(), new ValueProfile());
            }
        }
        for (Node n : graph.nodes()) {
            if (!n.isConstant() && n.type().kind().isFloat()) {
                values.put(n.name(), new ValueProfile());
            }
        }
    }

    /** Runs one sample through the reference interpreter and records every float value. */
    public void addSample(Map<String, Tensor> inputs) {
        long sample = samples;
        Interpreter.run(graph, inputs, (node, value) -> record(node.name(), value, sample));
        samples++;
    }

    /** Records one computed value (for engines other than the interpreter). */
    public void record(String valueName, Tensor value, long sample) {
        ValueProfile p = values.get(valueName);
        if (p == null || !value.type().kind().isFloat()) {
            return;
        }
        float[] v = value.floats();
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new GlintException("calibration sample " + sample + ": value '" + valueName + "' contains "
                        + (Float.isNaN(f) ? "NaN" : "infinity") + "; profiles need finite data");
            }
        }
        p.add(v);
    }

    public long samples() {
        return samples;
    }

    /** The profile so far. */
    public Profile toProfile(String modelHash) {
        if (samples == 0) {
            throw new GlintException("no calibration samples: the dataset is empty");
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (InputNode in : graph.inputs()) {
            shapes.put(in.name(), in.type().shape());
        }
        return new Profile(modelHash, shapes, Profile.TOOL_VERSION, samples, values);
    }
}
