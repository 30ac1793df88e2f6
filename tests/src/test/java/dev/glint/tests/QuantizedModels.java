package dev.glint.tests;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.InputConversion;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real models of the shared material as int8 graphs, prepared the way {@code glint} prepares them
 * with {@code --profile}: imported, canonicalized, profiled with the reference interpreter on a few
 * samples, quantized with the default configuration and optimized. Models quantized by another tool are
 * only imported and canonicalized.
 */
final class QuantizedModels {
    /**
     * A model: its file, the dataset its calibration samples come from, {@code [0, profileSamples)} of
     * which profile it (0: already quantized), and the index of the sample used as its test input.
     */
    record Model(String name, String file, String data, int profileSamples, int testSample) {}

    static final Model MNIST = new Model("mnist-8", "models/mnist-8/mnist.onnx", "data/mnist-npy/t10k_images.npy", 20, 20);
    static final Model MOBILENET = new Model("mobilenetv2 (float, quantized)", "models/mobilenetv2-float/mobilenetv2.onnx",
            "data/imagenet-samples-npy/samples.npy", 2, 2);
    static final Model RESNET = new Model("resnet18", "models/arch/resnet18.onnx", "models/arch/ref-resnet18/input.npy", 1, 0);
    static final Model SQUEEZENET = new Model("squeezenet1_1", "models/arch/squeezenet1_1.onnx",
            "models/arch/ref-squeezenet1_1/input.npy", 1, 0);
    static final Model ULTRAFACE = new Model("ultraface-rfb-320", "models/ultraface-rfb-320/version-RFB-320.onnx",
            "models/ultraface-rfb-320/ref/input.npy", 1, 0);
    static final Model MOBILENET_INT8 = new Model("mobilenetv2-12-int8", "models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx",
            "data/imagenet-samples-npy/samples.npy", 0, 0);

    static final List<Model> ALL = List.of(MNIST, MOBILENET, RESNET, SQUEEZENET, ULTRAFACE, MOBILENET_INT8);

    private QuantizedModels() {}

    /** The canonical float graph of a model. */
    static Graph floatGraph(Model m) {
        Graph g = OnnxImporter.load(SharedMaterial.resolve(m.file()));
        Canonicalization.standardPipeline().run(g);
        return g;
    }

    /** The model's int8 graph: profiled and quantized, or as imported when it is quantized already. */
    static Graph int8Graph(Model m) {
        Graph g = floatGraph(m);
        if (m.profileSamples() == 0) {
            return g;
        }
        Profiler profiler = new Profiler(g);
        samples(g, m.data(), 0, m.profileSamples()).forEach(profiler::addSample);
        Graph q = Quantizer.quantize(g, profiler.toProfile("test"), QuantConfig.defaults()).graph();
        QuantOptimizer.optimize(q);
        return q;
    }

    /** The model's test input, conformed to the graph's only input. */
    static Map<String, Tensor> testInput(Model m, Graph g) {
        return samples(g, m.data(), m.testSample(), 1).get(0);
    }

    /** Samples {@code [from, from + count)} of a dataset, conformed to the graph's only input. */
    static List<Map<String, Tensor>> samples(Graph g, String data, int from, int count) {
        InputNode input = TestData.onlyInput(g);
        Dataset d = Dataset.read(SharedMaterial.resolve(data));
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (int i = from; i < Math.min(d.size(), from + count); i++) {
            samples.add(Map.of(input.name(), InputConversion.conform(d.sample(i), input.type(), input.name(), data)));
        }
        return samples;
    }
}
