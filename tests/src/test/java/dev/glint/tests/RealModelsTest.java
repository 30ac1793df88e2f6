package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.io.Npy;
import dev.glint.ir.onnx.OnnxImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The real float models of the shared material, run by the reference interpreter on their stored input
 * ({@code ref/input.npy}, or {@code ref-NAME/} beside the models in {@code arch/}) and compared with ONNX
 * Runtime's outputs ({@code output.npy}, {@code output_1.npy}, ...). Tolerance: rtol 1e-3 plus an atol
 * of 1e-4 times the largest reference magnitude of that output, because logits near zero carry the
 * absolute rounding error of the large terms that cancelled to produce them.
 */
class RealModelsTest {
    private static final double RTOL = 1e-3;
    private static final double ATOL_FRACTION_OF_MAX = 1e-4;

    private record Case(String model, String refDir) {}

    private static final List<Case> CASES = List.of(
            new Case("models/mnist-8/mnist.onnx", "models/mnist-8/ref"),
            new Case("models/mobilenetv2-float/mobilenetv2.onnx", "models/mobilenetv2-float/ref"),
            new Case("models/ultraface-rfb-320/version-RFB-320.onnx", "models/ultraface-rfb-320/ref"),
            new Case("models/arch/resnet18.onnx", "models/arch/ref-resnet18"),
            new Case("models/arch/mobilenet_v2.onnx", "models/arch/ref-mobilenet_v2"),
            new Case("models/arch/squeezenet1_1.onnx", "models/arch/ref-squeezenet1_1"));

    @TestFactory
    Stream<DynamicTest> realModels() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.model(), () -> check(c)));
    }

    private static void check(Case c) {
        Graph graph = OnnxImporter.load(SharedMaterial.resolve(c.model()));
        Path ref = SharedMaterial.resolve(c.refDir());
        InputNode input = TestData.onlyInput(graph);
        Tensor x = Npy.read(ref.resolve("input.npy")).reshape(input.type());
        Map<String, Tensor> out = Interpreter.run(graph, Map.of(input.name(), x));
        List<Graph.Output> outputs = graph.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor expected = Npy.read(ref.resolve(i == 0 ? "output.npy" : "output_" + i + ".npy"));
            Tensor actual = out.get(outputs.get(i).name());
            assertEquals(expected.size(), actual.size(), c.model() + " output " + i);
            Tensor actualShaped = actual.reshape(expected.type());
            double atol = ATOL_FRACTION_OF_MAX * TensorComparison.maxAbs(expected);
            assertNull(TensorComparison.mismatch(actualShaped, expected, RTOL, atol),
                    c.model() + " output '" + outputs.get(i).name() + "'");
        }
    }
}
