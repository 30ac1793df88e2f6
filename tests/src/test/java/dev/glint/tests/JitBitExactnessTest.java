package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.UnsupportedOnnxException;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 5's bit-exactness acceptance: the JIT's int8 results equal the reference interpreter's on the
 * host CPU with all its features, with the features forced down to AVX2 and on the portable path.
 *
 * <p>Conformance: every case {@link ConformanceTest} runs (same discovery, same skips) whose imported
 * graph computes an integer value; each data set is run by the interpreter and by the JIT on each CPU
 * setting, integer outputs compared exactly and float outputs within {@code 1e-5 + 1e-4 |ref|}.
 *
 * <p>Real models: each of {@link QuantizedModels#ALL} as an int8 graph, compiled once per CPU setting
 * and run on one input; the int8 value behind every final Dequantize is exposed as an output and must
 * be identical, the float outputs within the tolerance. Prints a model × CPU table with compile times.
 */
class JitBitExactnessTest {
    private static final List<JitComparison.Cpu> CPUS = JitComparison.cpuSettings();
    private static final Map<String, Map<String, String>> TABLE = new LinkedHashMap<>();

    @TestFactory
    Stream<DynamicTest> integerConformanceCases() throws IOException {
        long start = System.nanoTime();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int runnable = 0;
        int unsupported = 0;
        int knownWrong = 0;
        for (ConformanceCases.Case c : ConformanceCases.all()) {
            if (c.knownWrongReference() != null) {
                knownWrong++;
                continue;
            }
            List<ConformanceCases.LoadedDataSet> sets = loadAll(c);
            if (sets == null) {
                unsupported++;
                continue;
            }
            runnable++;
            if (sets.stream().anyMatch(s -> computesIntegers(s.graph()))) {
                tests.add(DynamicTest.dynamicTest(c.name(), () -> checkCase(c.name(), sets)));
                names.add(c.name());
            }
        }
        System.out.printf("JIT conformance: %d integer cases of %d runnable (%d skipped as unsupported, %d with a known "
                + "wrong reference), each on %d CPU settings; discovery took %.1f s%n", tests.size(), runnable, unsupported,
                knownWrong, CPUS.size(), (System.nanoTime() - start) / 1e9);
        System.out.println("JIT conformance integer cases: " + String.join(", ", names));
        assertFalse(tests.isEmpty(), "no integer conformance case found");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> realModels() {
        return QuantizedModels.ALL.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> checkModel(m)));
    }

    @AfterAll
    static void printTable() {
        if (TABLE.isEmpty()) {
            return;
        }
        StringBuilder header = new StringBuilder(String.format("%-32s", "model"));
        CPUS.forEach(c -> header.append(String.format(" | %-30s", c.label())));
        System.out.println(header);
        TABLE.forEach((model, row) -> {
            StringBuilder line = new StringBuilder(String.format("%-32s", model));
            CPUS.forEach(c -> line.append(String.format(" | %-30s", row.getOrDefault(c.label(), "not run"))));
            System.out.println(line);
        });
    }

    /** The case imported for each of its data sets; null when Glint does not support it. */
    private static List<ConformanceCases.LoadedDataSet> loadAll(ConformanceCases.Case c) throws IOException {
        try {
            ModelProto model = c.model();
            List<ConformanceCases.LoadedDataSet> sets = new ArrayList<>();
            for (Path set : c.dataSets()) {
                sets.add(ConformanceCases.load(c, model, set));
            }
            return sets;
        } catch (UnsupportedOnnxException e) {
            return null;
        }
    }

    /** True when some input, output or computed node of the graph has an integer element kind. */
    private static boolean computesIntegers(Graph g) {
        return g.nodes().stream().filter(n -> !n.isConstant()).map(Node::type).anyMatch(t -> !t.kind().isFloat())
                || g.inputs().stream().anyMatch(n -> !n.type().kind().isFloat());
    }

    private static void checkCase(String name, List<ConformanceCases.LoadedDataSet> sets) {
        List<String> problems = new ArrayList<>();
        for (ConformanceCases.LoadedDataSet set : sets) {
            Map<String, Tensor> expected = Interpreter.run(set.graph(), set.feed());
            for (JitComparison.Cpu cpu : CPUS) {
                try (CompiledNetwork net = new JitCompiler(cpu.target(), CodegenOptions.defaults()).compile(set.graph())) {
                    String problem = JitComparison.mismatch(expected, net.run(set.feed()));
                    if (problem != null) {
                        problems.add(set.dir().getFileName() + " on " + cpu.label() + ": " + problem);
                    }
                } catch (RuntimeException e) {
                    problems.add(set.dir().getFileName() + " on " + cpu.label() + ": " + e);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(name + ": " + String.join("; ", problems));
        }
    }

    private static void checkModel(QuantizedModels.Model m) {
        long start = System.nanoTime();
        Graph g = QuantizedModels.int8Graph(m);
        List<String> exposed = JitComparison.exposeIntegerOutputs(g);
        Map<String, Tensor> input = QuantizedModels.testInput(m, g);
        Map<String, Tensor> expected = Interpreter.run(g, input);
        System.out.printf("%s: int8 graph prepared and interpreted in %.1f s; integer outputs compared: %s%n", m.name(),
                (System.nanoTime() - start) / 1e9, exposed);
        Map<String, String> row = TABLE.computeIfAbsent(m.name(), k -> new LinkedHashMap<>());
        List<String> problems = new ArrayList<>();
        for (JitComparison.Cpu cpu : CPUS) {
            try (CompiledNetwork net = new JitCompiler(cpu.target(), CodegenOptions.defaults()).compile(g)) {
                String problem = JitComparison.mismatch(expected, net.run(input));
                row.put(cpu.label(), String.format("%s (compile %.1f s)", problem == null ? "identical" : "DIFFERS",
                        net.compileMillis() / 1000));
                if (problem != null) {
                    problems.add(cpu.label() + ": " + problem);
                }
            } catch (RuntimeException e) {
                row.put(cpu.label(), "FAILS: " + e.getClass().getSimpleName());
                problems.add(cpu.label() + ": " + e);
            }
        }
        System.out.printf("%s: done in %.1f s%n", m.name(), (System.nanoTime() - start) / 1e9);
        if (!problems.isEmpty()) {
            fail(m.name() + ": " + String.join("; ", problems));
        }
    }
}
