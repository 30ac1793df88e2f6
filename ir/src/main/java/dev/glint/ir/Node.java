package dev.glint.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One operation in a {@link Graph}, and at the same time the single value it produces (as in GraalVM's
 * IR, a node is its result). Each operation is a subclass that reads its attributes into typed fields in
 * its constructor, infers its output shape, and defines its reference semantics in {@link #evaluate}.
 *
 * <p>{@link #name()} is the name of the produced value, unique in the graph and stable from the ONNX file
 * (profiles are keyed by it); {@link #origin()} is the ONNX node's own name, if it had one.
 */
public abstract class Node {
    private String name;
    private String origin = "";
    private final List<Node> inputs;
    private TensorType type;
    protected final Attributes attrs;

    protected Node(String name, List<Node> inputs, Attributes attrs) {
        this.name = Objects.requireNonNull(name);
        this.inputs = new ArrayList<>(inputs);
        for (Node n : inputs) {
            Objects.requireNonNull(n, "null input");
        }
        this.attrs = attrs == null ? Attributes.EMPTY : attrs;
    }

    /** The operation's name as printed in the textual IR, e.g. {@code Conv}. */
    public abstract String op();

    /** The output shape computed from the input types and the attributes; throws GlintException if invalid. */
    public abstract int[] inferShape();

    /** The output element kind; by default that of the first input. */
    public ElemKind inferKind() {
        if (type() != null && type().isQuantized() && inType(0).isQuantized()) {
            return type().kind(); // a quantized result's kind is chosen by the quantizer, not inferred
        }
        return input(0).type().kind();
    }

    /**
     * The reference semantics: computes this node's output from its inputs' values. The output tensor
     * must have exactly {@link #type()}. This is the oracle that compiled code is tested against.
     */
    public abstract Tensor evaluate(List<Tensor> in);

    /**
     * A local simplification in the style of GraalVM's canonicalizable nodes: returns a node equivalent to
     * this one (possibly a new node, not yet added to the graph, or an existing one), or {@code this}.
     */
    public Node canonical(Graph graph) {
        return this;
    }

    /** Checks the number of inputs; subclasses call this from their constructor. */
    protected final void checkArity(int min, int max) {
        if (inputs.size() < min || inputs.size() > max) {
            throw GlintException.of("%s node '%s' takes %s inputs, got %d", op(), name,
                    min == max ? String.valueOf(min) : min + ".." + max, inputs.size());
        }
    }

    public String name() {
        return name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    /** The name of the ONNX node this came from ("" if none). */
    public String origin() {
        return origin;
    }

    public Node setOrigin(String origin) {
        this.origin = origin == null ? "" : origin;
        return this;
    }

    public List<Node> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public Node input(int i) {
        return inputs.get(i);
    }

    public int numInputs() {
        return inputs.size();
    }

    /** Replaces one input edge; the graph's topological order must be restored by the caller if needed. */
    public void setInput(int i, Node n) {
        inputs.set(i, Objects.requireNonNull(n));
    }

    /** The output type; null until the node is added to a graph or given one. */
    public TensorType type() {
        return type;
    }

    public void setType(TensorType type) {
        this.type = type;
    }

    public Attributes attributes() {
        return attrs;
    }

    /** True for constant nodes, whose value is known at compile time. */
    public boolean isConstant() {
        return false;
    }

    /** The output type a freshly built node gets: inferred kind and shape, no quantization. */
    public TensorType inferType() {
        return new TensorType(inferKind(), inferShape(), null);
    }

    /** The element kind and shape of input {@code i} (convenience for shape inference). */
    protected final TensorType inType(int i) {
        TensorType t = input(i).type();
        if (t == null) {
            throw new IllegalStateException("input " + i + " of " + name + " has no type yet");
        }
        return t;
    }

    /** Fails unless input {@code i} is float32. */
    protected final void requireFloat(int i) {
        if (!inType(i).kind().isFloat()) {
            throw GlintException.of("%s node '%s': input %d must be f32, got %s", op(), name, i, inType(i));
        }
    }

    @Override
    public String toString() {
        return "%" + name + " = " + op();
    }
}
