package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a graph is made of, as {@code glint inspect --json} reports it: node counts by operation (constants
 * excluded, in first-seen order) as {@code "opCounts"}, and as {@code "floatComputeNodes"} the number of
 * non-constant nodes other than the conversions (Quantize, Dequantize, Rescale) whose output is float.
 *
 * @param byOp              operation name to number of nodes, constants excluded
 * @param floatComputeNodes compute nodes (not conversions, not constants) producing float values
 */
public record OpCounts(Map<String, Integer> byOp, int floatComputeNodes) {
    /** The operations that only convert between float and integers or between quantization parameters. */
    public static final Set<String> CONVERSIONS = Set.of("Quantize", "Dequantize", "Rescale");

    public OpCounts {
        byOp = Collections.unmodifiableMap(new LinkedHashMap<>(byOp));
    }

    /** Counts the nodes of {@code graph}. */
    public static OpCounts of(Graph graph) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int floatCompute = 0;
        for (Node n : graph.nodes()) {
            if (n.isConstant()) {
                continue;
            }
            counts.merge(n.op(), 1, Integer::sum);
            if (!CONVERSIONS.contains(n.op()) && n.type().kind().isFloat()) {
                floatCompute++;
            }
        }
        return new OpCounts(counts, floatCompute);
    }

    /** The number of nodes of operation {@code op} (0 when there is none). */
    public int count(String op) {
        return byOp.getOrDefault(op, 0);
    }

    /** Quantize, Dequantize and Rescale nodes together. */
    public int conversions() {
        return count("Quantize") + count("Dequantize") + count("Rescale");
    }
}
