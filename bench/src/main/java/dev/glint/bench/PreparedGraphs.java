package dev.glint.bench;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.InputConversion;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.onnx.export.QdqExporter;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One model prepared as {@code glint} prepares it: the canonical float graph, the int8 graph (profiled on
 * the model's calibration samples, default quantization, optimized), that int8 graph exported as an ONNX
 * QDQ model for ONNX Runtime, and one real input sample.
 *
 * @param model the benchmark model
 * @param floatGraph the canonical float graph
 * @param int8Graph the quantized, optimized graph
 * @param floatOnnx the original ONNX file (what ONNX Runtime runs in fp32)
 * @param qdqOnnx the exported QDQ file (what ONNX Runtime runs in int8)
 * @param input the input every engine is timed on: the first calibration sample
 */
record PreparedGraphs(BenchModel model, Graph floatGraph, Graph int8Graph, Path floatOnnx, Path qdqOnnx,
        Map<String, Tensor> input) {
    static PreparedGraphs prepare(BenchModel m, Path shared, Path workDir) {
        return prepare(m, shared, workDir, 8);
    }

    /** As {@link #prepare(BenchModel, Path, Path)}, with weights quantized to {@code weightBits} bits (both engines' int8). */
    static PreparedGraphs prepare(BenchModel m, Path shared, Path workDir, int weightBits) {
        Path file = m.file(shared);
        Graph g = OnnxImporter.load(file);
        Canonicalization.standardPipeline().run(g);
        InputNode in = g.inputs().get(0);
        Dataset data = Dataset.read(m.calibration(shared));
        Profiler profiler = new Profiler(g);
        for (int i = 0; i < Math.min(m.calibrationSamples(), data.size()); i++) {
            profiler.addSample(Map.of(in.name(), conform(data, i, in, m)));
        }
        Graph q = Quantizer.quantize(g, profiler.toProfile("bench"), QuantConfig.defaults().withWeightBits(weightBits)).graph();
        QuantOptimizer.optimize(q);
        Path qdq = workDir.resolve(m.name() + ".qdq.onnx");
        try {
            Files.createDirectories(workDir);
            QdqExporter.write(q, qdq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PreparedGraphs(m, g, q, file, qdq, Map.of(in.name(), conform(data, 0, in, m)));
    }

    private static Tensor conform(Dataset data, int i, InputNode in, BenchModel m) {
        return InputConversion.conform(data.sample(i), in.type(), in.name(), m.calibration());
    }
}
