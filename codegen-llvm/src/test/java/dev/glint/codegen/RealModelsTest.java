package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Npy;
import dev.glint.ir.onnx.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real float models from the shared test material (skipped where it is absent), imported, JIT-compiled
 * for this machine and run on their reference input: the output must match ONNX Runtime's within
 * {@code 1e-3 + 1e-3 |ref|} (summation order differs). Prints compile time and latency.
 */
class RealModelsTest {
    private static final Path SHARED = Path.of(System.getProperty("glint.shared", "../../shared"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mnist-8/mnist.onnx, mnist-8/ref, 200", "arch/resnet18.onnx, arch/ref-resnet18, 10",
        "arch/mobilenet_v2.onnx, arch/ref-mobilenet_v2, 10"})
    void matchesOnnxRuntime(String model, String ref, int runs) {
        Path root = Files.isDirectory(SHARED) ? SHARED : Path.of("/work/shared");
        Path file = root.resolve("models").resolve(model);
        assumeTrue(Files.exists(file), "test material not present: " + file);
        Graph g = OnnxImporter.load(file);
        Tensor input = Npy.read(root.resolve("models").resolve(ref).resolve("input.npy"));
        Tensor expected = Npy.read(root.resolve("models").resolve(ref).resolve("output.npy"));
        String inputName = g.inputs().get(0).name();
        input = input.reshape(g.inputs().get(0).type());
        try (CompiledNetwork net = new JitCompiler(JitTester.HOST, CodegenOptions.defaults()).compile(g)) {
            Map<String, Tensor> in = Map.of(inputName, input);
            Tensor actual = net.run(in).values().iterator().next();
            float[] a = actual.floats();
            float[] e = expected.floats();
            assertTrue(a.length == e.length, "output size");
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(a[i] - e[i]) <= 1e-3 + 1e-3 * Math.abs(e[i]),
                        model + " output[" + i + "] = " + a[i] + ", ONNX Runtime gives " + e[i]);
            }
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                net.run(in);
            }
            double latency = (System.nanoTime() - start) / 1e6 / runs;
            System.out.printf("%s on %s: compiled in %.0f ms, %.3f ms per inference, activations %d kB planned (%d kB naive)%n",
                    model, JitTester.HOST.cpu(), net.compileMillis(), latency, net.memoryPlan().activationBytes() / 1024,
                    net.memoryPlan().naiveActivationBytes() / 1024);
        }
    }
}
