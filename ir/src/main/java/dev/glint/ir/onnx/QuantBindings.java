package dev.glint.ir.onnx;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Gives integer values the quantization parameters with which ONNX's quantized operators read them.
 *
 * <p>In ONNX a uint8 tensor is just integers; each QLinear operator says, through its scale and zero-point
 * inputs, what real numbers they stand for. In Glint's IR the parameters are part of the value's type.
 * So when an operator reads an integer value with some parameters:
 * <ul>
 *   <li>a <b>constant</b> (weights, biases) gets a quantized copy of its own for those parameters; every
 *       reader gets exactly the integers and parameters it asked for, so nothing is chosen;</li>
 *   <li>a <b>graph input</b> of plain integers takes the parameters into its type; a later reader that
 *       gives different parameters is an error naming the value and both readers;</li>
 *   <li>a value <b>computed</b> by a quantized operation already has a declared type, and the reader's
 *       parameters must equal it. ONNX would reinterpret the same integers with the reader's
 *       parameters; Glint represents no such reinterpretation (a Rescale would change the integers),
 *       so a difference is an error, which real models never meet;</li>
 *   <li>a value computed from plain integers has no parameters to agree with: unsupported.</li>
 * </ul>
 */
final class QuantBindings {
    private final Graph graph;
    private final UnaryOperator<String> freshName;
    /** For each constant, its quantized copies by type. */
    private final Map<ConstantNode, Map<TensorType, ConstantNode>> copies = new IdentityHashMap<>();
    /** For each graph input given parameters, the ONNX node that gave them (for messages). */
    private final Map<InputNode, String> inputBinders = new IdentityHashMap<>();

    QuantBindings(Graph graph, UnaryOperator<String> freshName) {
        this.graph = graph;
        this.freshName = freshName;
    }

    /**
     * The node that stands for {@code value} (input {@code onnxName} of ONNX node {@code n}) read with kind
     * and parameters {@code q}.
     */
    Node bind(OnnxNode n, String onnxName, Node value, QuantOperand q) {
        TensorType have = value.type();
        if (have.kind() != q.kind()) {
            throw n.error("input '%s' is %s but is read as %s (the type of its zero point)", onnxName, have,
                    q.kind().mnemonic());
        }
        if (q.params().equals(have.quant())) {
            return value;
        }
        TensorType want = typeFor(n, onnxName, have, q.params());
        if (value instanceof ConstantNode c) {
            return copies.computeIfAbsent(c, k -> new LinkedHashMap<>()).computeIfAbsent(want, t -> {
                ConstantNode copy = graph.addConstant(freshName.apply(c.name() + "/quantized"), c.value().reshape(t));
                copy.setOrigin(c.origin());
                return copy;
            });
        }
        if (have.isQuantized()) {
            String by = value instanceof InputNode in ? "node '" + inputBinders.get(in) + "' reads it"
                    : "node '" + label(value) + "' produces it";
            throw n.error("reads '%s' as %s, but %s as %s; Glint does not reinterpret integers with other "
                    + "quantization parameters", onnxName, want, by, have);
        }
        if (value instanceof InputNode in) {
            in.setType(want);
            inputBinders.put(in, n.label());
            return in;
        }
        throw n.unsupported("quantization parameters for a computed plain-integer value",
                "input '%s' (%s) is computed by '%s' from integers without quantization parameters; Glint cannot "
                        + "give it parameters afterwards", onnxName, have, label(value));
    }

    /**
     * Gives the quantized copies of constants the original constants' names where those are free (the
     * originals became dead once every reader used a copy), so the graph shows the ONNX names.
     */
    void restoreConstantNames() {
        for (Map.Entry<ConstantNode, Map<TensorType, ConstantNode>> e : copies.entrySet()) {
            String original = e.getKey().name();
            List<ConstantNode> live = new ArrayList<>();
            for (ConstantNode copy : e.getValue().values()) {
                if (graph.find(copy.name()) == copy) {
                    live.add(copy);
                }
            }
            if (graph.find(original) == null && !live.isEmpty()) {
                graph.rename(live.get(0), original);
            }
        }
    }

    private static TensorType typeFor(OnnxNode n, String onnxName, TensorType have, QuantParams q) {
        int[] shape = have.shape();
        if (!q.isPerTensor() && (q.axis() >= shape.length || shape[q.axis()] != q.size())) {
            throw n.error("%d per-axis parameters along axis %d do not fit input '%s' %s", q.size(), q.axis(),
                    onnxName, have);
        }
        return new TensorType(have.kind(), shape, q);
    }

    private static String label(Node n) {
        return n.origin().isEmpty() ? n.name() : n.origin();
    }
}
