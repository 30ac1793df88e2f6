package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.Verifier;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.io.Npy;
import dev.glint.ir.onnx.OnnxImporter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model quantized by another tool: the ONNX Model Zoo's MobileNetV2 int8 (QuantizeLinear, QLinearConv,
 * com.microsoft QLinearAdd and QLinearGlobalAveragePool, a shape sub-graph feeding a Reshape,
 * QLinearMatMul, DequantizeLinear), imported as quantized IR and run by the reference interpreter on the
 * nine labelled ImageNet samples, one at a time. ONNX Runtime's top-1 equals the label on all nine (see
 * the shared material's README); Glint's must too.
 */
class PrequantizedModelTest {
    private static final String MODEL = "models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    private static final String DATA = "data/imagenet-samples-npy/";

    @Test
    void mobileNetV2Int8PredictsEveryLabel() {
        Graph graph = OnnxImporter.load(SharedMaterial.resolve(MODEL));
        Verifier.verify(graph);
        assertEquals(52, quantizedConvolutions(graph), "QLinearConv nodes imported as int8 Conv");
        InputNode input = TestData.onlyInput(graph);
        Tensor samples = Npy.read(SharedMaterial.resolve(DATA + "samples.npy"));
        Tensor labels = Npy.read(SharedMaterial.resolve(DATA + "labels.npy"));
        int count = samples.shape()[0];
        int size = input.type().numElements();
        assertEquals(count * size, samples.size(), "samples.npy holds whole " + input.type() + " samples");
        String output = graph.outputs().get(0).name();
        long[] expected = new long[count];
        long[] predicted = new long[count];
        for (int i = 0; i < count; i++) {
            float[] pixels = Arrays.copyOfRange(samples.floats(), i * size, (i + 1) * size);
            Tensor x = Tensor.ofFloats(input.type(), pixels);
            Tensor logits = Interpreter.run(graph, Map.of(input.name(), x)).get(output);
            expected[i] = labels.getLong(i);
            predicted[i] = argmax(logits.floats());
            System.out.println("mobilenetv2-12-int8 sample " + i + ": predicted " + predicted[i] + ", label "
                    + expected[i]);
        }
        assertArrayEquals(expected, predicted, "top-1 per sample");
    }

    private static long quantizedConvolutions(Graph graph) {
        return graph.nodes().stream().filter(n -> n.op().equals("Conv")).map(Node::type)
                .filter(t -> t.isQuantized()).count();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
