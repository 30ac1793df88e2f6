package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.OnnxTensors;
import dev.glint.ir.onnx.UnsupportedOnnxException;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * in {@link ConformanceCases} and below.
 */
class ConformanceTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final ConformanceTally TALLY = new ConformanceTally();

    /**
     * Cases whose expected values the ONNX authors typed in by hand, rounded to four decimals
     * (onnx/backend/test/case/node/averagepool.py); ONNX's own runner compares them at its default
     * rtol 1e-3, and so does this suite.
     */
    private static final Map<String, Double> HAND_ROUNDED_RTOL = Map.of(
            "onnx-conformance/node/test_averagepool_2d_ceil_last_window_starts_on_pad", 1e-3);

    @TestFactory
    Stream<DynamicTest> conformanceCases() throws IOException {
        return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> runCase(c)));
    }

    @AfterAll
    static void printSummary() {
        TALLY.print();
    }

    private static void runCase(ConformanceCases.Case c) throws IOException {
        String name = c.name();
        try {
            List<Path> dataSets = c.dataSets();
            if (dataSets.isEmpty()) {
                fail(name + ": no test_data_set_* directory");
            }
            if (c.knownWrongReference() != null) {
                skip(name, c.knownWrongReference());
            }
            ModelProto model = c.model();
            try {
                for (Path set : dataSets) {
                    checkDataSet(c, model, set);
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

    /** Runs the case on one data set with the interpreter and compares all outputs with the stored ones. */
    private static void checkDataSet(ConformanceCases.Case c, ModelProto model, Path set) {
        ConformanceCases.LoadedDataSet data = ConformanceCases.load(c, model, set);
        Map<String, Tensor> results = Interpreter.run(data.graph(), data.feed());
        List<Graph.Output> outputs = data.graph().outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor expected = OnnxTensors.readTensorFile(data.outputFiles().get(i));
            Tensor actual = results.get(outputs.get(i).name());
            String problem = compare(c.name(), actual, expected);
            if (problem != null) {
                fail(c.name() + " " + set.getFileName() + " output '" + outputs.get(i).name() + "': " + problem);
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
}
