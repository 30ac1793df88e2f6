package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creates operation nodes by their textual name. The textual IR parser and generic rewrites use it;
 * every operation class registers its constructor here.
 */
public final class OpRegistry {
    /** The constructor shape every operation class has. */
    @FunctionalInterface
    public interface Factory {
        Node create(String name, List<Node> inputs, Attributes attrs);
    }

    private static final Map<String, Factory> FACTORIES = new TreeMap<>();

    static {
        register("Add", AddNode::new);
        register("Sub", SubNode::new);
        register("Mul", MulNode::new);
        register("Div", DivNode::new);
        register("Max", MaxNode::new);
        register("Min", MinNode::new);
        register("PRelu", PReluNode::new);
        register("Relu", ReluNode::new);
        register("LeakyRelu", LeakyReluNode::new);
        register("Clip", ClipNode::new);
        register("Sigmoid", SigmoidNode::new);
        register("Tanh", TanhNode::new);
        register("Exp", ExpNode::new);
        register("Softmax", SoftmaxNode::new);
        register("LogSoftmax", LogSoftmaxNode::new);
        register("Conv", ConvNode::new);
        register("Gemm", GemmNode::new);
        register("MatMul", MatMulNode::new);
        register("FullyConnected", FullyConnectedNode::new);
        register("MaxPool", MaxPoolNode::new);
        register("AveragePool", AveragePoolNode::new);
        register("GlobalAveragePool", GlobalAveragePoolNode::new);
        register("GlobalMaxPool", GlobalMaxPoolNode::new);
        register("BatchNormalization", BatchNormalizationNode::new);
        register("LRN", LrnNode::new);
        register("Concat", ConcatNode::new);
        register("Reshape", ReshapeNode::new);
        register("Transpose", TransposeNode::new);
        register("Slice", SliceNode::new);
        register("Pad", PadNode::new);
        register("Quantize", QuantizeNode::new);
        register("Dequantize", DequantizeNode::new);
        register("Rescale", RescaleNode::new);
    }

    private OpRegistry() {}

    /** Registers an operation (later modules add their own, e.g. quantized operations). */
    public static synchronized void register(String op, Factory factory) {
        FACTORIES.put(op, factory);
    }

    public static synchronized boolean isKnown(String op) {
        return FACTORIES.containsKey(op);
    }

    public static synchronized Set<String> ops() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /** Builds a node of operation {@code op}; the node still has to be added to a graph. */
    public static Node create(String op, String name, List<Node> inputs, Attributes attrs) {
        Factory f;
        synchronized (OpRegistry.class) {
            f = FACTORIES.get(op);
        }
        if (f == null) {
            throw new GlintException("unknown operation '" + op + "' for value '" + name + "'");
        }
        return f.create(name, inputs, attrs);
    }

    /** A copy of {@code n} (same op, name and attributes) reading {@code inputs}. */
    public static Node copyWithInputs(Node n, List<Node> inputs) {
        Node c = create(n.op(), n.name(), inputs, n.attributes());
        c.setOrigin(n.origin());
        return c;
    }
}
