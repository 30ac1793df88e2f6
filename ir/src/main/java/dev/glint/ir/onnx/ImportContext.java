package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one import: the graph being built, which IR node each ONNX value name stands for (several
 * names may stand for one node when an ONNX op only aliases its input, like Identity), the default-domain
 * opset, and the helpers converters use to read inputs and emit nodes.
 *
 * <p>Emitting folds constants: a node whose inputs are all constants is evaluated at once with its own
 * reference semantics and replaced by a {@link ConstantNode}, so that shape computations, weight
 * transposes and the like never reach the run-time graph.
 */
final class ImportContext {
    private final Graph graph;
    private final String where;
    private final int opset;
    private final Map<String, Node> values = new HashMap<>();
    private final Set<String> onnxNames;
    private final Set<String> consumed;
    private final QuantBindings quantBindings;

    /**
     * @param onnxNames every value name the ONNX graph defines; generated names avoid them
     * @param consumed  every value name some ONNX node or graph output reads
     */
    ImportContext(Graph graph, String where, int opset, Set<String> onnxNames, Set<String> consumed) {
        this.graph = graph;
        this.where = where;
        this.opset = opset;
        this.onnxNames = onnxNames;
        this.consumed = consumed;
        this.quantBindings = new QuantBindings(graph, this::freshName);
    }

    Graph graph() {
        return graph;
    }

    /** The model file (or other source) for messages. */
    String where() {
        return where;
    }

    /** The opset version of the default ONNX domain that the model imports. */
    int opset() {
        return opset;
    }

    /** Binds an ONNX value name to the node that computes it. */
    void define(String onnxName, Node node) {
        if (values.putIfAbsent(onnxName, node) != null) {
            throw new GlintException(where + ": value '" + onnxName + "' is defined twice");
        }
    }

    /**
     * Fails when {@code onnxName} already names a value (a name an ONNX graph defines twice, e.g. an
     * initializer listed twice); {@code role} says what was being defined. Called before the graph node
     * is created, so the error names the file rather than the graph's own duplicate check.
     */
    void requireUndefined(String onnxName, String role) {
        if (values.containsKey(onnxName) || graph.find(onnxName) != null) {
            throw new GlintException(where + ": " + role + " '" + onnxName + "' is defined twice");
        }
    }

    /** True when an ONNX node or a graph output reads this value. */
    boolean isUsed(String onnxName) {
        return !onnxName.isEmpty() && consumed.contains(onnxName);
    }

    /** The node for ONNX value {@code name}, or null when nothing defines it. */
    Node lookup(String name) {
        return values.get(name);
    }

    /** Input {@code i} of {@code n}, which must be present. */
    Node input(OnnxNode n, int i) {
        Node v = optionalInput(n, i);
        if (v == null) {
            throw n.error("input %d is missing", i);
        }
        return v;
    }

    /** Input {@code i} of {@code n}, or null when the node leaves it out. */
    Node optionalInput(OnnxNode n, int i) {
        if (!n.hasInput(i)) {
            return null;
        }
        Node v = values.get(n.inputName(i));
        if (v == null) {
            throw n.error("input '%s' is not defined before the node (ONNX nodes must be in topological order)",
                    n.inputName(i));
        }
        return v;
    }

    /** Every present input of {@code n}, in order. */
    List<Node> inputs(OnnxNode n) {
        List<Node> r = new ArrayList<>();
        for (int i = 0; i < n.numInputs(); i++) {
            if (n.hasInput(i)) {
                r.add(input(n, i));
            }
        }
        return r;
    }

    /**
     * The value of input {@code i}, which must be known at import time (an initializer, a Constant, or
     * something computed from them); {@code role} says what the input is for in the error.
     */
    Tensor constantInput(OnnxNode n, int i, String role) {
        Tensor t = optionalConstantInput(n, i, role);
        if (t == null) {
            throw n.error("input %d (%s) is missing", i, role);
        }
        return t;
    }

    /** Like {@link #constantInput} but null when the input is left out. */
    Tensor optionalConstantInput(OnnxNode n, int i, String role) {
        Node v = optionalInput(n, i);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ConstantNode c)) {
            throw n.unsupported(n.opType() + " with a run-time " + role,
                    "input '%s' (%s) must be known at import time; Glint specialises graphs to constant %s",
                    n.inputName(i), role, role);
        }
        return c.value();
    }

    /**
     * Input {@code i} of {@code n} as the integers of kind and parameters {@code q} that the operator reads
     * it as (see {@link QuantBindings}).
     */
    Node quantizedInput(OnnxNode n, int i, QuantOperand q) {
        return quantBindings.bind(n, n.inputName(i), input(n, i), q);
    }

    /** Final tidying once the graph is complete and dead nodes are gone. */
    void finish() {
        quantBindings.restoreConstantNames();
    }

    /** A graph value name that is free and that no ONNX value uses, derived from {@code base}. */
    String freshName(String base) {
        String name = graph.uniqueName(base);
        for (int k = 1; onnxNames.contains(name); k++) {
            name = graph.uniqueName(base + "_" + k);
        }
        return name;
    }

    /**
     * Creates IR operation {@code op} named {@code valueName} for ONNX node {@code n} and adds it to the
     * graph, or, when all its inputs are constants, adds its computed value as a constant instead.
     * Operations that only move integer codes around keep their input's quantization parameters
     * ({@link IntegerValues#codePreservingType}).
     */
    Node emit(OnnxNode n, String valueName, String op, List<Node> inputs, Attributes attrs) {
        Node node = OpRegistry.create(op, valueName, inputs, attrs);
        node.setOrigin(n.name());
        node.setType(IntegerValues.codePreservingType(node));
        return addOrFold(n, node);
    }

    /**
     * Like {@link #emit}, for an operation whose output type is declared rather than inferred: element
     * {@code kind} and quantization parameters {@code quant} (null for raw int32 accumulators); the shape
     * is inferred.
     */
    Node emitDeclared(OnnxNode n, String valueName, String op, List<Node> inputs, Attributes attrs, ElemKind kind,
            QuantParams quant) {
        Node node = OpRegistry.create(op, valueName, inputs, attrs);
        node.setOrigin(n.name());
        node.setType(new TensorType(kind, node.inferShape(), quant));
        return addOrFold(n, node);
    }

    /** Adds {@code node} to the graph, or its value as a constant when all its inputs are constants. */
    private Node addOrFold(OnnxNode n, Node node) {
        List<Node> inputs = node.inputs();
        boolean foldable = !inputs.isEmpty() && inputs.stream().allMatch(Node::isConstant);
        if (!foldable) {
            IntegerValues.checkNoPlainIntegerArithmetic(n, node);
            return graph.add(node);
        }
        if (node.type() == null) {
            node.setType(node.inferType());
        }
        long inputElements = 0;
        for (Node in : inputs) {
            inputElements += in.type().numElements();
        }
        ImportLimits.checkComputed(n, node.type().shape(), inputElements);
        List<Tensor> args = new ArrayList<>();
        for (Node in : inputs) {
            args.add(((ConstantNode) in).value());
        }
        return addConstant(n, node.name(), node.evaluate(args));
    }

    /** Emits {@code op} as the node's first output and binds that output name to it. */
    Node emitOutput(OnnxNode n, String op, List<Node> inputs, Attributes attrs) {
        Node node = emit(n, n.output(0), op, inputs, attrs);
        define(n.output(0), node);
        return node;
    }

    /** Adds a constant produced for node {@code n}. */
    ConstantNode addConstant(OnnxNode n, String valueName, Tensor value) {
        ConstantNode c = graph.addConstant(valueName, value);
        c.setOrigin(n.name());
        return c;
    }

    /** Adds a constant as the node's first output and binds the output name to it. */
    void defineConstantOutput(OnnxNode n, Tensor value) {
        define(n.output(0), addConstant(n, n.output(0), value));
    }

    /** Emits a Reshape of {@code x} to {@code shape} as a helper value of node {@code n}. */
    Node reshape(OnnxNode n, Node x, int[] shape) {
        Attributes attrs = Attributes.builder().put("shape", shape).build();
        return emit(n, freshName(x.name() + "/reshaped"), "Reshape", List.of(x), attrs);
    }

    /** Makes the node's first output another name for {@code node} (Identity, Dropout, one-input Sum...). */
    void alias(OnnxNode n, Node node) {
        define(n.output(0), node);
    }
}
