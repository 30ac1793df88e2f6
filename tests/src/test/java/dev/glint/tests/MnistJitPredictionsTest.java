package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5's acceptance on mnist-8: through the JIT (host CPU), the float model and the int8 model
 * quantized by Glint predict exactly the interpreter's class on every one of the 10,000 MNIST test
 * images. Prints the agreement, the accuracy against the labels and both engines' times.
 */
class MnistJitPredictionsTest {
    private static final String IMAGES = "data/mnist-npy/t10k_images.npy";
    private static final String LABELS = "data/mnist-npy/t10k_labels.npy";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float", "int8"})
    void jitPredictsTheInterpretersClassOnEveryTestImage(String precision) {
        QuantizedModels.Model m = QuantizedModels.MNIST;
        Graph g = precision.equals("int8") ? QuantizedModels.int8Graph(m) : QuantizedModels.floatGraph(m);
        List<Map<String, Tensor>> images = QuantizedModels.samples(g, IMAGES, 0, Integer.MAX_VALUE);
        Tensor labels = dev.glint.ir.io.Npy.read(SharedMaterial.resolve(LABELS));
        assertEquals(10_000, images.size(), "MNIST test images");
        String output = g.outputs().get(0).name();
        int[] interpreted = new int[images.size()];
        long start = System.nanoTime();
        for (int i = 0; i < images.size(); i++) {
            interpreted[i] = argmax(Interpreter.run(g, images.get(i)).get(output));
        }
        double interpreterSeconds = (System.nanoTime() - start) / 1e9;
        int[] jitted = new int[images.size()];
        double compileSeconds;
        start = System.nanoTime();
        try (CompiledNetwork net = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults()).compile(g)) {
            compileSeconds = net.compileMillis() / 1000;
            for (int i = 0; i < images.size(); i++) {
                jitted[i] = argmax(net.run(images.get(i)).get(output));
            }
        }
        double jitSeconds = (System.nanoTime() - start) / 1e9;
        int agree = 0;
        int firstDisagreement = -1;
        int correct = 0;
        for (int i = 0; i < images.size(); i++) {
            agree += jitted[i] == interpreted[i] ? 1 : 0;
            if (jitted[i] != interpreted[i] && firstDisagreement < 0) {
                firstDisagreement = i;
            }
            correct += jitted[i] == labels.getLong(i) ? 1 : 0;
        }
        System.out.printf("mnist-8 %s: JIT agrees with the interpreter on %d of %d images; top-1 %.2f%%; interpreter "
                + "%.1f s, JIT %.1f s (compile %.1f s)%n", precision, agree, images.size(), 100.0 * correct / images.size(),
                interpreterSeconds, jitSeconds, compileSeconds);
        assertEquals(images.size(), agree, "mnist-8 " + precision + ": first disagreement at image " + firstDisagreement);
    }

    private static int argmax(Tensor logits) {
        int best = 0;
        for (int i = 1; i < logits.size(); i++) {
            if (logits.getDouble(i) > logits.getDouble(best)) {
                best = i;
            }
        }
        return best;
    }
}
