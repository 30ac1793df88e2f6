package dev.glint.quantizer.profile;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranges of every float value of a model, measured on calibration data. Keyed by value name (the
 * ONNX value names, stable across runs); records the model file's SHA-256, the input shapes and the tool
 * version, so that a profile can never be applied to a model it was not made for.
 */
public final class Profile {
    /** Version of Glint written into profiles. */
    public static final String TOOL_VERSION = "glint-0.1.0";

    private final String modelHash;
    private final Map<String, int[]> inputShapes;
    private final String toolVersion;
    private final long samples;
    private final Map<String, ValueProfile> values;

    public Profile(String modelHash, Map<String, int[]> inputShapes, String toolVersion, long samples,
            Map<String, ValueProfile> values) {
        this.modelHash = modelHash;
        this.inputShapes = Collections.unmodifiableMap(new LinkedHashMap<>(inputShapes));
        this.toolVersion = toolVersion;
        this.samples = samples;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String modelHash() {
        return modelHash;
    }

    public Map<String, int[]> inputShapes() {
        return inputShapes;
    }

    public String toolVersion() {
        return toolVersion;
    }

    /** Number of calibration samples seen. */
    public long samples() {
        return samples;
    }

    public Map<String, ValueProfile> values() {
        return values;
    }

    /** The profile of a value, or null. */
    public ValueProfile get(String valueName) {
        return values.get(valueName);
    }

    /**
     * Checks that this profile was made for {@code graph} (loaded from a file with hash {@code modelHash}):
     * same model hash, same input shapes, and a profile for every float value the graph computes. Throws a
     * GlintException listing every difference.
     */
    public void checkFits(Graph graph, String modelHash, String where) {
        List<String> problems = new ArrayList<>();
        if (!this.modelHash.equals(modelHash)) {
            problems.add("model hash differs (profile " + abbreviate(this.modelHash) + ", model " + abbreviate(modelHash) + ")");
        }
        for (InputNode in : graph.inputs()) {
            int[] s = inputShapes.get(in.name());
            if (s == null) {
                problems.add("no shape for input '" + in.name() + "'");
            } else if (!Arrays.equals(s, in.type().shape())) {
                problems.add("input '" + in.name() + "' shape " + Arrays.toString(s) + " differs from model's "
                        + Arrays.toString(in.type().shape()));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!n.isConstant() && n.type().kind().isFloat() && !values.containsKey(n.name())) {
                missing.add(n.name());
            }
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " values have no profile (e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))) + ")");
        }
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (graph.find(name) == null) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(unknown.size() + " profiled values are not in the model (e.g. "
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))) + ")");
        }
        if (!problems.isEmpty()) {
            throw new GlintException(where + ": profile does not fit the model: " + String.join("; ", problems));
        }
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
