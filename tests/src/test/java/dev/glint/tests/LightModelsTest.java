package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.onnx.OnnxTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX's "light" models: full architectures (ResNet-50, VGG-19, DenseNet-121, ...) whose weights were
 * replaced by ConstantOfShape nodes. Each is imported, run on the ramp input ONNX used to make its
 * reference ({@link TestData#rampInput}), and compared with {@code light_NAME_output_0.pb} at rtol 1e-4
 * and atol 1e-7 (ONNX's own atol for model tests). The atol is that small because most of these outputs
 * are softmax probabilities near 0.001: the constant weights make the classes nearly tie, so a larger
 * atol would hide errors of several percent.
 */
class LightModelsTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-7;

    @TestFactory
    Stream<DynamicTest> lightModels() throws IOException {
        Path dir = SharedMaterial.resolve("onnx-conformance/light");
        List<Path> models;
        try (Stream<Path> s = Files.list(dir)) {
            models = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
        }
        assertEquals(9, models.size(), "light models in " + dir);
        return models.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> check(m)));
    }

    private static void check(Path model) {
        Graph graph = OnnxImporter.load(model);
        InputNode input = TestData.onlyInput(graph);
        Map<String, Tensor> out = Interpreter.run(graph, Map.of(input.name(), TestData.rampInput(input.type())));
        String base = model.getFileName().toString().replace(".onnx", "");
        Tensor expected = OnnxTensors.readTensorFile(model.resolveSibling(base + "_output_0.pb"));
        assertEquals(1, graph.outputs().size());
        Tensor actual = out.get(graph.outputs().get(0).name());
        assertNull(TensorComparison.mismatch(actual, expected, RTOL, ATOL), base);
    }
}
