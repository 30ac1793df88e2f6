package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.onnx.OnnxTensors;
import dev.glint.ir.onnx.UnsupportedOnnxException;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ONNX backend conformance cases in the shared material and how a case becomes something to run:
 * discovery of the {@code test_*} directories, the cases whose stored reference is known to be wrong,
 * and the import of a case with its parameter inputs frozen to one data set's values (see
 * {@link ParameterInputs}). Shared by the interpreter's {@link ConformanceTest} and the JIT's
 * {@link JitBitExactnessTest}, so both run exactly the same cases.
 */
final class ConformanceCases {
    /** The node and PyTorch-converted suites of ONNX 1.22 and the node suite of ONNX 1.17. */
    static final List<String> SUITES = List.of("onnx-conformance/node", "onnx-conformance/pytorch-converted",
            "onnx-conformance-v1.17/node");

    /**
     * Cases whose stored reference output is known to be wrong; the ONNX 1.22 copy of each runs and passes.
     * <ul>
     *   <li>AveragePool: ONNX 1.17's output for this model differs from ONNX 1.22's for the byte-identical
     *       model and input (ONNX regenerated it after fixing its reference AveragePool; OpenVINO reported
     *       the old output as wrong in openvinotoolkit/openvino#30842).</li>
     *   <li>QLinearMatMul int8: ONNX 1.17's reference cast out-of-range results to int8 with numpy's
     *       wrap-around instead of saturating as the operator specifies (-236 stored as 20; onnx/onnx#6169,
     *       #7835, fixed by #7868, whose regenerated outputs ONNX 1.22 ships).</li>
     * </ul>
     */
    private static final Map<String, String> KNOWN_WRONG_REFERENCE = Map.of(
            "onnx-conformance-v1.17/node/test_averagepool_3d_dilations_large_count_include_pad_is_1_ceil_mode_is_True",
            "reference output superseded by ONNX 1.22 (count_include_pad with ceil_mode)",
            "onnx-conformance-v1.17/node/test_qlinearmatmul_2D_int8_float32",
            "reference output superseded by ONNX 1.22 (int8 results wrapped instead of saturated)",
            "onnx-conformance-v1.17/node/test_qlinearmatmul_3D_int8_float32",
            "reference output superseded by ONNX 1.22 (int8 results wrapped instead of saturated)");

    private ConformanceCases() {}

    /** One case: its name ({@code suite/test_x}) and directory. */
    record Case(String name, Path dir) {
        Path modelFile() {
            return dir.resolve("model.onnx");
        }

        ModelProto model() throws IOException {
            return ModelProto.parseFrom(Files.readAllBytes(modelFile()));
        }

        /** Its {@code test_data_set_*} directories in order. */
        List<Path> dataSets() throws IOException {
            return subdirectories(dir).stream().filter(p -> p.getFileName().toString().startsWith("test_data_set_"))
                    .toList();
        }

        /** Why its stored reference cannot be trusted, or null. */
        String knownWrongReference() {
            return KNOWN_WRONG_REFERENCE.get(name);
        }
    }

    /**
     * A case imported for one data set: the graph (parameter inputs frozen), the values fed at run time,
     * and the {@code output_N.pb} files holding the expected outputs in graph output order.
     */
    record LoadedDataSet(Path dir, Graph graph, Map<String, Tensor> feed, List<Path> outputFiles) {}

    /** Every case of every suite, in suite and name order. */
    static List<Case> all() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String suite : SUITES) {
            for (Path dir : subdirectories(SharedMaterial.resolve(suite))) {
                cases.add(new Case(suite + "/" + dir.getFileName(), dir));
            }
        }
        return cases;
    }

    /**
     * Imports the model with its parameter inputs frozen to this data set's values and reads the other
     * inputs.
     *
     * @throws UnsupportedOnnxException when the case uses a feature Glint does not support
     */
    static LoadedDataSet load(Case c, ModelProto model, Path set) {
        List<Path> inputFiles = numbered(set, "input_");
        List<String> inputNames = ParameterInputs.runtimeInputs(model);
        assertEquals(inputNames.size(), inputFiles.size(), c.name() + ": graph inputs vs input_N.pb files");
        Set<String> parameters = ParameterInputs.of(model);
        Map<String, TensorProto> frozen = new LinkedHashMap<>();
        Map<String, Path> fed = new LinkedHashMap<>();
        for (int i = 0; i < inputNames.size(); i++) {
            if (parameters.contains(inputNames.get(i))) {
                frozen.put(inputNames.get(i), readProto(inputFiles.get(i)));
            } else {
                fed.put(inputNames.get(i), inputFiles.get(i));
            }
        }
        Graph graph = OnnxImporter.load(ParameterInputs.freeze(model, frozen).toByteArray(), c.modelFile().toString());
        Map<String, Tensor> feed = new LinkedHashMap<>();
        fed.forEach((input, file) -> feed.put(input, OnnxTensors.readTensorFile(file)));
        List<Path> outputFiles = numbered(set, "output_");
        assertEquals(graph.outputs().size(), outputFiles.size(), c.name() + ": graph outputs vs output_N.pb files");
        return new LoadedDataSet(set, graph, feed, outputFiles);
    }

    private static TensorProto readProto(Path file) {
        try {
            return OnnxTensors.parseTensorProto(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code prefix0.pb}, {@code prefix1.pb}, ... in index order, as long as they exist. */
    private static List<Path> numbered(Path dir, String prefix) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve(prefix + i + ".pb")); i++) {
            files.add(dir.resolve(prefix + i + ".pb"));
        }
        return files;
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
