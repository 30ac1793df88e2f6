package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's concurrency acceptance, complementing {@link JitConcurrencyTest} (one network, many callers):
 * here {@value #THREADS} threads compile, run and close networks at once for about 35 s (system property
 * {@code glint.lifecycle.seconds}), over four models (mnist-8 in float and quantized by Glint, the
 * repository's digits CNN in float and quantized). Besides networks private to one thread, each model has
 * a shared network that threads run in turns of a few seconds while others close it under them and compile
 * its replacement; a run on a network closed under it must fail with "is closed" and nothing else. Every
 * output that is returned must be bit-identical to the single-threaded result for its input. Compiles are
 * serialized by {@code Llvm.LOCK}, so most threads wait for LLVM while the others run.
 */
class JitLifecycleConcurrencyTest {
    private static final int THREADS = 16;
    private static final int SECONDS = Integer.getInteger("glint.lifecycle.seconds", 35);
    private static final int INPUTS = 3;
    private static final int RUN_SLICE_MILLIS = 5000;

    /** A model's graph, a few inputs and their single-threaded outputs. */
    private record Case(String name, Graph graph, List<Map<String, Tensor>> inputs, List<Map<String, Tensor>> expected) {}

    @Test
    void sixteenThreadsCompileRunAndCloseWithSingleThreadedResults() throws Exception {
        Path digits = Path.of(System.getProperty("glint.root", "..")).toAbsolutePath().resolve("examples/digits");
        QuantizedModels.Model digitsModel = new QuantizedModels.Model("digits-cnn",
                digits.resolve("digits-cnn.onnx").toString(), digits.resolve("digits-calibration-images.npy").toString(),
                20, 0);
        String digitsTest = digits.resolve("digits-test-images.npy").toString();
        QuantizedModels.Model mnist = QuantizedModels.MNIST;
        JitCompiler compiler = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults());
        List<Case> cases = List.of(
                prepare(compiler, "mnist-8 float", QuantizedModels.floatGraph(mnist), mnist.data(), mnist.testSample()),
                prepare(compiler, "mnist-8 int8", QuantizedModels.int8Graph(mnist), mnist.data(), mnist.testSample()),
                prepare(compiler, "digits float", QuantizedModels.floatGraph(digitsModel), digitsTest, 0),
                prepare(compiler, "digits int8", QuantizedModels.int8Graph(digitsModel), digitsTest, 0));

        AtomicReferenceArray<CompiledNetwork> shared = new AtomicReferenceArray<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            shared.set(i, compiler.compile(cases.get(i).graph()));
        }
        AtomicInteger compiles = new AtomicInteger();
        AtomicInteger replacements = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger refusedAsClosed = new AtomicInteger();
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int step = 0; System.nanoTime() < deadline; step++) {
                        // model and role both advance with the step, offset differently per thread,
                        // so that every role meets every model
                        int which = (thread / 4 + step) % cases.size();
                        Case c = cases.get(which);
                        String problem = switch ((thread + step) % 4) {
                            case 0 -> compileRunClose(compiler, c, compiles, runs);
                            case 1 -> replaceShared(compiler, shared, which, c, compiles, replacements);
                            default -> runShared(shared, which, c, runs, refusedAsClosed);
                        };
                        if (problem != null) {
                            return "thread " + thread + ", " + c.name() + ": " + problem;
                        }
                    }
                    return null;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<String> f : results) {
                String p = f.get();
                if (p != null) {
                    problems.add(p);
                }
            }
            System.out.printf("lifecycle concurrency: %d threads for %d s on %d cores: %d compiles (%d of them replacing "
                    + "a shared network), %d runs (all bit-identical to single-threaded), %d runs refused because "
                    + "another thread closed the network, %d problems%n", THREADS, SECONDS,
                    Runtime.getRuntime().availableProcessors(), compiles.get(), replacements.get(), runs.get(),
                    refusedAsClosed.get(), problems.size());
            assertTrue(problems.isEmpty(), String.join("; ", problems));
            // every thread's first step starts at once; a quarter of them replace a shared network
            assertTrue(replacements.get() >= THREADS / 4 && compiles.get() >= THREADS / 2,
                    "compiles: " + compiles.get() + ", replacements: " + replacements.get());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES), "threads did not finish");
            for (int i = 0; i < cases.size(); i++) {
                shared.get(i).close();
            }
        }
    }

    /** Compiles a private network, checks every input, closes it. */
    private static String compileRunClose(JitCompiler compiler, Case c, AtomicInteger compiles, AtomicInteger runs) {
        try (CompiledNetwork net = compiler.compile(c.graph())) {
            compiles.incrementAndGet();
            for (int i = 0; i < c.inputs().size(); i++) {
                String problem = check(c, i, net.run(c.inputs().get(i)));
                if (problem != null) {
                    return problem;
                }
                runs.incrementAndGet();
            }
        }
        return null;
    }

    /**
     * Closes the model's shared network, which others may be running or about to run, then compiles its
     * replacement: for the duration of that compile, every thread that picks the network up finds it closed.
     */
    private static String replaceShared(JitCompiler compiler, AtomicReferenceArray<CompiledNetwork> shared, int which,
            Case c, AtomicInteger compiles, AtomicInteger replacements) {
        shared.get(which).close();
        CompiledNetwork fresh = compiler.compile(c.graph());
        compiles.incrementAndGet();
        // normally the network closed above; a replacement another thread made meanwhile is closed here
        shared.getAndSet(which, fresh).close();
        replacements.incrementAndGet();
        return null;
    }

    /**
     * Runs the model's shared network over its inputs for {@value #RUN_SLICE_MILLIS} ms, or until another
     * thread replaces (and closes) it: the refusal of the run that finds it closed ends the turn.
     */
    private static String runShared(AtomicReferenceArray<CompiledNetwork> shared, int which, Case c,
            AtomicInteger runs, AtomicInteger refusedAsClosed) {
        CompiledNetwork net = shared.get(which);
        long end = System.nanoTime() + RUN_SLICE_MILLIS * 1_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < c.inputs().size(); i++) {
                Map<String, Tensor> out;
                try {
                    out = net.run(c.inputs().get(i));
                } catch (IllegalStateException e) {
                    if (!net.isClosed() || !e.getMessage().endsWith("is closed")) {
                        return "unexpected failure: " + e;
                    }
                    refusedAsClosed.incrementAndGet();
                    return null;
                }
                String problem = check(c, i, out);
                if (problem != null) {
                    return problem;
                }
                runs.incrementAndGet();
            }
        }
        return null;
    }

    private static String check(Case c, int input, Map<String, Tensor> actual) {
        return c.expected().get(input).equals(actual) ? null : "input " + input + " gave different output bits";
    }

    /** Inputs {@code [from, from + INPUTS)} of a dataset and the outputs of one single-threaded network. */
    private static Case prepare(JitCompiler compiler, String name, Graph g, String data, int from) {
        List<Map<String, Tensor>> inputs = QuantizedModels.samples(g, data, from, INPUTS);
        assertEquals(INPUTS, inputs.size(), name + " samples");
        List<Map<String, Tensor>> expected = new ArrayList<>();
        try (CompiledNetwork net = compiler.compile(g)) {
            for (Map<String, Tensor> in : inputs) {
                expected.add(net.run(in));
            }
        }
        return new Case(name, g, inputs, expected);
    }
}
