package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The ONNX backend conformance cases in the shared material: every {@code test_*} directory of the node
 * and PyTorch-converted suites (ONNX 1.22) and of the ONNX 1.17 node suite. Each case is imported, run
 * with the reference interpreter on each {@code test_data_set_*}, and every output compared: integer
 * outputs (quantized results, int32 accumulators) exactly, float outputs with
 * {@code |a - b| <= 1e-5 + 1e-4 * |b|}.
 *
 * <p>Inputs that Glint needs at import time (Reshape's shape, quantization scales and zero points; see
 * {@link ParameterInputs}) are frozen to the data set's values. A case is skipped, with its reason
 * printed, when it uses an element type or an operation Glint does not support: the importer (or reading
 * the case's tensors) reports an {@link UnsupportedOnnxException}, whose feature is the reason. Among
 * them are the integer Add/Mul/Max/Min/Clip/MaxPool cases: plain integer arithmetic without quantization
 * parameters is not part of Glint's IR. Every other case must pass; the documented exceptions are listed
 * below.
 */
class ConformanceTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final List<String> SUITES = List.of("onnx-conformance/node", "onnx-conformance/pytorch-converted",
            "onnx-conformance-v1.17/node");
    private static final ConformanceTally TALLY = new ConformanceTally();

    /**
     * Cases whose expected values the ONNX authors typed in by hand, rounded to four decimals
     * (onnx/backend/test/case/node/averagepool.py); ONNX's own runner compares them at its default
     * rtol 1e-3, and so does this suite.
     */
    private static final Map<String, Double> HAND_ROUNDED_RTOL = Map.of(
            "onnx-conformance/node/test_averagepool_2d_ceil_last_window_starts_on_pad", 1e-3);

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

    @TestFactory
    Stream<DynamicTest> conformanceCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String suite : SUITES) {
            for (Path dir : subdirectories(SharedMaterial.resolve(suite))) {
                String name = suite + "/" + dir.getFileName();
                tests.add(DynamicTest.dynamicTest(name, () -> runCase(name, dir)));
            }
        }
        return tests.stream();
    }

    @AfterAll
    static void printSummary() {
        TALLY.print();
    }

    private static void runCase(String name, Path dir) throws IOException {
        try {
            List<Path> dataSets = subdirectories(dir).stream()
                    .filter(p -> p.getFileName().toString().startsWith("test_data_set_")).toList();
            if (dataSets.isEmpty()) {
                fail(name + ": no test_data_set_* directory");
            }
            if (KNOWN_WRONG_REFERENCE.containsKey(name)) {
                skip(name, KNOWN_WRONG_REFERENCE.get(name));
            }
            Path modelFile = dir.resolve("model.onnx");
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(modelFile));
            try {
                for (Path set : dataSets) {
                    checkDataSet(name, model, modelFile.toString(), set);
                }
            } catch (UnsupportedOnnxException e) {
                skip(name, e.feature());
            }
            TALLY.pass();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable e) {
            TALLY.fail(name);
            throw e;
        }
    }

    private static void skip(String name, String reason) {
        TALLY.skip(name, reason);
        System.out.println("SKIPPED " + name + ": " + reason);
        Assumptions.abort(reason);
    }

    /**
     * Imports the model with its parameter inputs frozen to this data set's values, runs it on the other
     * inputs and compares all outputs.
     */
    private static void checkDataSet(String name, ModelProto model, String where, Path set) {
        List<Path> inputFiles = numbered(set, "input_");
        List<String> inputNames = ParameterInputs.runtimeInputs(model);
        assertEquals(inputNames.size(), inputFiles.size(), name + ": graph inputs vs input_N.pb files");
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
        Graph graph = OnnxImporter.load(ParameterInputs.freeze(model, frozen).toByteArray(), where);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        fed.forEach((input, file) -> feed.put(input, OnnxTensors.readTensorFile(file)));
        Map<String, Tensor> results = Interpreter.run(graph, feed);
        List<Path> outputFiles = numbered(set, "output_");
        List<Graph.Output> outputs = graph.outputs();
        assertEquals(outputs.size(), outputFiles.size(), name + ": graph outputs vs output_N.pb files");
        for (int i = 0; i < outputs.size(); i++) {
            Tensor expected = OnnxTensors.readTensorFile(outputFiles.get(i));
            Tensor actual = results.get(outputs.get(i).name());
            String problem = compare(name, actual, expected);
            if (problem != null) {
                fail(name + " " + set.getFileName() + " output '" + outputs.get(i).name() + "': " + problem);
            }
        }
    }

    /** Integer outputs must match in kind and exactly in value; float outputs within the tolerance. */
    private static String compare(String name, Tensor actual, Tensor expected) {
        ElemKind kind = expected.type().kind();
        if (!kind.isFloat()) {
            if (actual.type().kind() != kind) {
                return "element kind " + actual.type().kind().mnemonic() + " differs from expected " + kind.mnemonic();
            }
            return TensorComparison.mismatch(actual, expected, 0, 0);
        }
        return TensorComparison.mismatch(actual, expected, HAND_ROUNDED_RTOL.getOrDefault(name, RTOL), ATOL);
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
