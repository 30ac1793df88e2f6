package dev.glint.cli;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code glint inspect} reports about a graph: its interface, its size and which operations it
 * uses. Parameters are the constants (weights, biases, shape tensors alike).
 *
 * @param opCounts       operation name to number of nodes, constants excluded, in first-seen order
 * @param nodes          all nodes, constants included (graph inputs are not nodes)
 * @param constants      constant nodes
 * @param parameters     total number of elements in all constants
 * @param parameterBytes their size in bytes at their element types
 * @param floatComputeNodes operations other than conversions (Quantize, Dequantize, Rescale) computing in float
 */
public record ModelSummary(String graphName, List<Value> inputs, List<Value> outputs, Map<String, Integer> opCounts,
                           int nodes, int constants, long parameters, long parameterBytes, int floatComputeNodes) {
    private static final java.util.Set<String> CONVERSIONS = java.util.Set.of("Quantize", "Dequantize", "Rescale");

    /** A named value with its type. */
    public record Value(String name, TensorType type) {}

    public static ModelSummary of(Graph graph) {
        List<Value> inputs = new ArrayList<>();
        for (InputNode in : graph.inputs()) {
            inputs.add(new Value(in.name(), in.type()));
        }
        List<Value> outputs = new ArrayList<>();
        for (Graph.Output o : graph.outputs()) {
            outputs.add(new Value(o.name(), o.node().type()));
        }
        Map<String, Integer> ops = new LinkedHashMap<>();
        int constants = 0;
        long parameters = 0;
        long bytes = 0;
        int floatCompute = 0;
        for (Node n : graph.nodes()) {
            if (!n.isConstant() && !CONVERSIONS.contains(n.op()) && n.type().kind().isFloat()) {
                floatCompute++;
            }
            if (n instanceof ConstantNode c) {
                constants++;
                parameters += c.type().numElements();
                bytes += c.type().byteSize();
            } else {
                ops.merge(n.op(), 1, Integer::sum);
            }
        }
        return new ModelSummary(graph.name(), List.copyOf(inputs), List.copyOf(outputs), ops, graph.nodes().size(),
                constants, parameters, bytes, floatCompute);
    }

    /** Nodes that compute something (all nodes but constants). */
    public int operations() {
        return nodes - constants;
    }
}
