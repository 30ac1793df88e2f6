package dev.glint.quantizer;

import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import java.util.List;

/**
 * How one family of operations is converted to integers: which inputs are activations, weights or biases,
 * and how the output's quantization parameters are chosen.
 */
interface QuantPolicy {
    /** Why {@code n} cannot be quantized (null when it can). */
    default String reasonNotQuantizable(Node n) {
        return null;
    }

    /**
     * Builds the quantized replacement of {@code n} (not yet added to the graph) reading the converted
     * {@code inputs}; {@code ctx} supplies quantized operands and output types.
     */
    Node convert(Node n, ConversionContext ctx);

    /** Copies {@code n} onto new inputs with a declared output type. */
    static Node rebuild(Node n, List<Node> inputs, TensorType type) {
        Node q = dev.glint.ir.ops.OpRegistry.copyWithInputs(n, inputs);
        q.setType(type);
        return q;
    }
}
