package dev.glint.ir.onnx;

import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import java.util.Set;

/**
 * How the importer treats run-time integer values. Glint's IR computes on integers only as quantized
 * values (integers with a scale and offset, see {@code dev.glint.ir.quant.NumericContract}); ONNX also has
 * plain integer arithmetic (Add of two int8 tensors, MaxPool of uint8 images), which Glint does not
 * import. Two rules follow:
 * <ul>
 *   <li>operations that only move integer codes around (and max pooling, which picks one of them) keep
 *       the quantization parameters of their input, exactly as ONNX, which passes the codes through;</li>
 *   <li>any other run-time operation reading an integer value without parameters is unsupported.</li>
 * </ul>
 */
final class IntegerValues {
    /** Operations whose output elements are copies of input elements; the IR computes them on any kind. */
    private static final Set<String> DATA_MOVEMENT = Set.of("Reshape", "Transpose", "Slice", "Concat", "Pad");

    /** Operations on codes whose output keeps the input's quantization parameters. */
    private static final Set<String> CODE_PRESERVING = Set.of("Reshape", "Transpose", "Slice", "Concat", "Pad",
            "MaxPool", "GlobalMaxPool");

    private IntegerValues() {}

    /**
     * The type of a code-preserving operation on quantized inputs that all share one per-tensor set of
     * parameters: the input's kind and parameters with the operation's shape. Null (infer as usual) in
     * every other case; in particular a Concat of differently quantized inputs yields plain integers, as
     * in ONNX, and a consumer that then gives them parameters is refused.
     */
    static TensorType codePreservingType(Node node) {
        if (!CODE_PRESERVING.contains(node.op()) || node.numInputs() == 0) {
            return null;
        }
        TensorType first = node.input(0).type();
        QuantParams q = first.quant();
        if (q == null || !q.isPerTensor()) {
            return null;
        }
        for (Node in : node.inputs()) {
            if (in.type().kind() != first.kind() || !q.equals(in.type().quant())) {
                return null;
            }
        }
        return first.withShape(node.inferShape());
    }

    /**
     * Fails with an {@link UnsupportedOnnxException} when a run-time {@code node} (the IR form of ONNX node
     * {@code n}) computes on integers that carry no quantization parameters. Data movement is fine on any
     * element kind.
     */
    static void checkNoPlainIntegerArithmetic(OnnxNode n, Node node) {
        if (DATA_MOVEMENT.contains(node.op())) {
            return;
        }
        for (int i = 0; i < node.numInputs(); i++) {
            TensorType t = node.input(i).type();
            if (!t.kind().isFloat() && !t.isQuantized()) {
                throw n.unsupported("integer arithmetic without quantization parameters",
                        "input '%s' is %s without quantization parameters; Glint computes on integers only as "
                                + "quantized values (with a scale and zero point)", node.input(i).name(), t);
            }
        }
    }
}
