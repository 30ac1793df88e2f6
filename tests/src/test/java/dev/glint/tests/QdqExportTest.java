package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.onnx.export.QdqExporter;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code glint export-onnx}'s QDQ model, read back by Glint's own ONNX importer: the integer weights and
 * biases dequantize to exactly the values Glint's do, and the re-imported model's int8 outputs agree with
 * the quantized graph's.
 *
 * <p>They need not be bit-identical: in the QDQ model each operator computes in float on dequantized
 * values and QuantizeLinear rounds its float result, whereas Glint's int8 operators accumulate in int32
 * and requantize with one float multiplier (the numeric contract). The two round differently only when
 * a value lies within float error of a rounding boundary, which moves that value by one step; such a
 * step can then move a later rounding too, so the outputs are compared as integer codes with a tolerance
 * of one step, and at least 99 % of the codes must match exactly (on mnist-8 and digits-cnn all 2,000 do).
 */
class QdqExportTest {
    private static final Path DIGITS = Path.of(System.getProperty("glint.root", "..")).resolve("examples/digits");

    @Test
    void mnistRoundTripsThroughQdq() {
        QuantizedModels.Model m = QuantizedModels.MNIST;
        Graph int8 = QuantizedModels.int8Graph(m);
        List<Map<String, Tensor>> samples = QuantizedModels.samples(int8, m.data(), 20, 200);
        checkRoundTrip(int8, samples);
    }

    @Test
    void digitsCnnRoundTripsThroughQdq() {
        QuantizedModels.Model m = new QuantizedModels.Model("digits-cnn", DIGITS.resolve("digits-cnn.onnx").toString(),
                DIGITS.resolve("digits-calibration-images.npy").toString(), 50, 0);
        Graph int8 = QuantizedModels.int8Graph(m);
        List<Map<String, Tensor>> samples = QuantizedModels.samples(int8,
                DIGITS.resolve("digits-test-images.npy").toString(), 0, 200);
        checkRoundTrip(int8, samples);
    }

    private static void checkRoundTrip(Graph int8, List<Map<String, Tensor>> samples) {
        ModelProto model = QdqExporter.export(int8);
        checkWeightsAreIntegerInitializers(model);
        Graph back = OnnxImporter.load(model.toByteArray(), "exported QDQ model");
        checkConstantsKeepTheirQuantization(int8, back);

        String output = int8.outputs().get(0).name();
        TensorType codes = int8.outputs().get(0).node().input(0).type();
        assertTrue(codes.isQuantized(), "the int8 graph ends in a Dequantize of an int8 value");
        int compared = 0;
        int equal = 0;
        int maxDiff = 0;
        for (Map<String, Tensor> in : samples) {
            int[] expected = toCodes(Interpreter.run(int8, in).get(output), codes);
            int[] actual = toCodes(Interpreter.run(back, in).get(output), codes);
            for (int i = 0; i < expected.length; i++) {
                int d = Math.abs(expected[i] - actual[i]);
                maxDiff = Math.max(maxDiff, d);
                equal += d == 0 ? 1 : 0;
                compared++;
            }
        }
        System.out.printf("QDQ round trip of %s: %d of %d output codes equal, max difference %d step(s)%n",
                int8.name(), equal, compared, maxDiff);
        assertTrue(maxDiff <= 1, "output codes differ by at most 1 step, got " + maxDiff);
        assertTrue(equal >= 0.99 * compared, equal + " of " + compared + " output codes equal");
    }

    /** Every weight is stored as integers and read through a DequantizeLinear. */
    private static void checkWeightsAreIntegerInitializers(ModelProto model) {
        long floatWeights = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() > 1).count();
        assertEquals(0, floatWeights, "no float weight tensors in the QDQ model");
        long qdq = model.getGraph().getNodeList().stream().map(NodeProto::getOpType)
                .filter(op -> op.equals("QuantizeLinear") || op.equals("DequantizeLinear")).count();
        assertTrue(qdq > 0, "the model has QuantizeLinear/DequantizeLinear nodes");
    }

    /**
     * Each quantized constant of Glint's graph comes back as exactly the real values Glint's own
     * Dequantize gives it: the importer folds DequantizeLinear of an initializer into a float constant, so
     * equal values mean equal integers, scales and offsets.
     */
    private static void checkConstantsKeepTheirQuantization(Graph int8, Graph back) {
        int checked = 0;
        for (Node n : int8.nodes()) {
            if (n instanceof ConstantNode c && c.type().isQuantized()) {
                Node other = back.find(n.name() + "__dq");
                assertNotNull(other, "the dequantized constant '" + n.name() + "' is in the re-imported graph");
                assertTrue(other instanceof ConstantNode, "'" + other.name() + "' is a constant");
                Tensor expected = new DequantizeNode(n.name() + "__dq", List.of(c), Attributes.EMPTY)
                        .evaluate(List.of(c.value()));
                assertArrayEquals(expected.floats(), ((ConstantNode) other).value().floats(),
                        "real values of '" + n.name() + "'");
                checked++;
            }
        }
        assertTrue(checked > 0, "the graph has quantized constants");
    }

    private static int[] toCodes(Tensor real, TensorType t) {
        float[] v = real.floats();
        int[] q = new int[v.length];
        float scale = t.quant().scale();
        int offset = t.quant().offset();
        for (int i = 0; i < v.length; i++) {
            q[i] = Math.round(v[i] / scale) + offset;
        }
        return q;
    }
}
