package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.InputConversion;
import dev.glint.ir.io.Npy;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.FoldRescaleIntoProducer;
import dev.glint.quantizer.optimize.OpCounts;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.Profiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The quantization rewrites on the real models: counts of Quantize, Dequantize, Rescale, float compute and
 * activation (Relu, Clip) nodes before and after {@link QuantOptimizer}, for the node-by-node conversion and the island conversion,
 * printed as a table; the acceptance of issue 4 (one Quantize per graph input, one Dequantize per output,
 * no Rescale a producer could absorb, for fully quantizable models); on mnist-8, that the scale-keeping
 * rewrites change no output bit, that all of them move the logits by at most one output step, and that
 * int8 accuracy does not drop. Calibration uses few samples (the reference interpreter is slow on 224x224 models, and
 * counts do not depend on the ranges).
 */
class QuantRewritesModelTest {
    private record Model(String name, String file, String data, int samples) {}

    private static final List<Model> MODELS = List.of(
            new Model("mnist-8", "models/mnist-8/mnist.onnx", "data/mnist-npy/t10k_images.npy", 50),
            new Model("mobilenetv2 (float)", "models/mobilenetv2-float/mobilenetv2.onnx",
                    "data/imagenet-samples-npy/samples.npy", 1),
            new Model("resnet18", "models/arch/resnet18.onnx", "data/imagenet-samples-npy/samples.npy", 1),
            new Model("squeezenet1_1", "models/arch/squeezenet1_1.onnx", "data/imagenet-samples-npy/samples.npy", 1),
            new Model("ultraface-rfb-320", "models/ultraface-rfb-320/version-RFB-320.onnx",
                    "models/ultraface-rfb-320/ref/input.npy", 1));

    @TestFactory
    Stream<DynamicTest> conversionsBeforeAndAfterTheRewrites() {
        System.out.println("Q/DQ/R/float/act: Quantize, Dequantize, Rescale, float compute nodes, Relu+Clip nodes");
        System.out.printf("%-20s %-12s %-20s %-20s%n", "model", "conversion", "before", "after");
        return MODELS.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> check(m)));
    }

    private static void check(Model m) {
        Graph g = load(m.file());
        Profile profile = profile(g, samples(g, m.data(), 0, m.samples()));
        for (boolean naive : new boolean[] {true, false}) {
            Quantizer.Result r = Quantizer.quantize(g, profile, QuantConfig.defaults().withNaiveConversion(naive));
            Graph q = r.graph();
            OpCounts before = OpCounts.of(q);
            new QuantOptimizer().verifyEach(true).run(q);
            OpCounts after = OpCounts.of(q);
            System.out.printf("%-20s %-12s %-20s %-20s%n", m.name(), naive ? "node-by-node" : "islands", row(before),
                    row(after));
            String where = m.name() + (naive ? " node by node" : " islands") + ": " + after;
            FoldRescaleIntoProducer fold = new FoldRescaleIntoProducer();
            for (Node n : q.nodes()) {
                assertTrue(!fold.matches(n, q), where + ": Rescale '" + n.name() + "' could fold into its producer");
            }
            if (r.report().floatEntries().isEmpty()) {
                assertEquals(q.inputs().size(), after.count("Quantize"), where);
                assertEquals(q.outputs().size(), after.count("Dequantize"), where);
                assertEquals(0, after.floatComputeNodes(), where);
            }
        }
    }

    @Test
    void mnistInt8AccuracyIsNotLowerAfterTheRewrites() {
        Graph g = load("models/mnist-8/mnist.onnx");
        Profile profile = profile(g, samples(g, "data/mnist-npy/t10k_images.npy", 0, 50));
        List<Map<String, Tensor>> test = samples(g, "data/mnist-npy/t10k_images.npy", 50, 500);
        Tensor labels = Npy.read(SharedMaterial.resolve("data/mnist-npy/t10k_labels.npy"));
        for (boolean naive : new boolean[] {true, false}) {
            Graph q = Quantizer.quantize(g, profile, QuantConfig.defaults().withNaiveConversion(naive)).graph();
            int before = correct(q, test, labels, 50);
            QuantOptimizer.optimize(q);
            int after = correct(q, test, labels, 50);
            System.out.printf("mnist-8 int8 top-1 on %d images (%s): %d before, %d after the rewrites%n", test.size(),
                    naive ? "node by node" : "islands", before, after);
            assertTrue(after >= before, after + " correct after, " + before + " before");
        }
    }

    @Test
    void mnistOutputsAreBitIdenticalAfterTheRewritesThatKeepEveryScale() {
        Graph g = load("models/mnist-8/mnist.onnx");
        Profile profile = profile(g, samples(g, "data/mnist-npy/t10k_images.npy", 0, 50));
        Graph before = Quantizer.quantize(g, profile, QuantConfig.defaults().withNaiveConversion(true)).graph();
        Graph exact = Quantizer.quantize(g, profile, QuantConfig.defaults().withNaiveConversion(true)).graph();
        new QuantOptimizer().exactOnly(true).verifyEach(true).run(exact);
        Graph full = Quantizer.quantize(g, profile, QuantConfig.defaults().withNaiveConversion(true)).graph();
        QuantOptimizer.optimize(full);
        assertEquals(1, OpCounts.of(exact).count("Quantize"));
        float step = full.outputs().get(0).node().input(0).type().quant().scale();
        double worstMoved = 0;
        double worstBefore = 0;
        double worstAfter = 0;
        for (Map<String, Tensor> s : samples(g, "data/mnist-npy/t10k_images.npy", 50, 50)) {
            float[] x = Interpreter.run(g, s).values().iterator().next().floats();
            float[] b = Interpreter.run(before, s).values().iterator().next().floats();
            float[] e = Interpreter.run(exact, s).values().iterator().next().floats();
            float[] f = Interpreter.run(full, s).values().iterator().next().floats();
            assertTrue(Arrays.equals(b, e), "exact rewrites changed the logits");
            for (int i = 0; i < b.length; i++) {
                worstMoved = Math.max(worstMoved, Math.abs(b[i] - f[i]) / step);
                worstBefore = Math.max(worstBefore, Math.abs(b[i] - x[i]) / step);
                worstAfter = Math.max(worstAfter, Math.abs(f[i] - x[i]) / step);
            }
        }
        // the rewrites that change scales (a ReLU folded into the conv's range, say) move the logits; what
        // matters is that they do not move them further from float's
        System.out.printf("mnist-8: all rewrites move the logits by at most %.1f output steps; worst distance from"
                + " float %.1f steps before, %.1f after%n", worstMoved, worstBefore, worstAfter);
        assertTrue(worstAfter <= worstBefore + 1 + 1e-4, "the rewrites moved the logits from float's by "
                + worstAfter + " steps, " + worstBefore + " before");
    }

    private static String row(OpCounts c) {
        return c.count("Quantize") + "/" + c.count("Dequantize") + "/" + c.count("Rescale") + "/" + c.floatComputeNodes()
                + "/" + (c.count("Relu") + c.count("Clip"));
    }

    private static Graph load(String file) {
        Graph g = OnnxImporter.load(SharedMaterial.resolve(file));
        Canonicalization.standardPipeline().run(g);
        return g;
    }

    /** Samples {@code [from, from + count)} of a dataset, conformed to the graph's only input. */
    private static List<Map<String, Tensor>> samples(Graph g, String data, int from, int count) {
        InputNode input = TestData.onlyInput(g);
        Dataset d = Dataset.read(SharedMaterial.resolve(data));
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (int i = from; i < Math.min(d.size(), from + count); i++) {
            TensorType t = input.type();
            samples.add(Map.of(input.name(), InputConversion.conform(d.sample(i), t, input.name(), data)));
        }
        return samples;
    }

    private static Profile profile(Graph g, List<Map<String, Tensor>> samples) {
        Profiler p = new Profiler(g);
        samples.forEach(p::addSample);
        return p.toProfile("test");
    }

    /** How many of {@code samples} the graph classifies as their label (labels from index {@code first}). */
    private static int correct(Graph g, List<Map<String, Tensor>> samples, Tensor labels, int first) {
        int correct = 0;
        for (int i = 0; i < samples.size(); i++) {
            float[] logits = Interpreter.run(g, samples.get(i)).values().iterator().next().floats();
            int best = 0;
            for (int k = 1; k < logits.length; k++) {
                best = logits[k] > logits[best] ? k : best;
            }
            correct += best == labels.getLong(first + i) ? 1 : 0;
        }
        return correct;
    }
}
