package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.memory.MemoryLimit;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.text.GraphParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: calling compiled code wrongly is an exception, never a crash; a model larger than the memory
 * limit is refused before anything is allocated; close is safe against concurrent runs.
 */
class NativeBoundaryTest {
    /** A float conv net: about 0.3 KiB of weights, 0.7 KiB of inputs and outputs, some activations. */
    private static final String NET = """
            graph boundary(%x: f32[1,2,6,6]) {
              %w = Constant f32[3,2,3,3] [%W]
              %c = Conv(%x, %w) {pads=[1,1,1,1]}
              %r = Relu(%c)
              %s = Sigmoid(%r)
              return %s
            }
            """.replace("%W", FloatKernelsTest.numbers(54));

    private static JitCompiler jit(CodegenOptions options) {
        return new JitCompiler(TargetSpec.host(), options);
    }

    @Test
    void aPlanOverTheLimitIsRefusedBeforeLlvm() {
        Graph g = GraphParser.parse(NET);
        List<String> steps = new ArrayList<>();
        CodegenOptions tight = CodegenOptions.defaults().withMemoryLimit(1024).withListener((step, dump) -> steps.add(step));
        GlintException e = assertThrows(GlintException.class, () -> jit(tight).compile(g));
        assertTrue(e.getMessage().startsWith("model 'boundary' needs ") && e.getMessage().contains(" of native memory ")
                && e.getMessage().endsWith("limit is 1.0 KiB (--memory-limit)"), e.getMessage());
        assertEquals(List.of("verify graph", "select kernels", "assign layouts", "fuse activations", "plan memory"), steps, "stopped after planning");

        try (CompiledNetwork net = jit(CodegenOptions.defaults()).compile(g)) {
            long needed = MemoryLimit.plannedBytes(net.memoryPlan());
            assertTrue(needed > 1024, "the net needs " + needed + " bytes");
            // exactly the plan's size is allowed, one byte less is not
            jit(CodegenOptions.defaults().withMemoryLimit(needed)).compile(g).close();
            assertThrows(GlintException.class, () -> jit(CodegenOptions.defaults().withMemoryLimit(needed - 1)).compile(g));
        }
        assertThrows(GlintException.class, () -> CodegenOptions.defaults().withMemoryLimit(0));
    }

    @Test
    void theJitRefusesCodeThisMachineCannotRun() {
        GlintException arm = assertThrows(GlintException.class,
                () -> new JitCompiler(new TargetSpec("aarch64-linux-gnu", "cortex-a76", ""), CodegenOptions.defaults()));
        assertTrue(arm.getMessage().contains("cannot run on this machine"), arm.getMessage());
        Assumptions.assumeTrue(TargetSpec.host().isX86() && !TargetSpec.host().has("avx512vnni"),
                "the host has AVX-512 VNNI: nothing to refuse");
        GlintException vnni = assertThrows(GlintException.class,
                () -> new JitCompiler(TargetSpec.hostWithCpu("sapphirerapids", ""), CodegenOptions.defaults()));
        assertTrue(vnni.getMessage().contains("lacks"), vnni.getMessage());
    }

    @Test
    void aBundleForAnotherArchitectureIsNotLoaded() {
        LoweredGraph arm = new LoweringPipeline(new TargetSpec("aarch64-linux-gnu", "cortex-a76", ""),
                CodegenOptions.defaults()).lower(GraphParser.parse(NET), "boundary");
        GlintException e = assertThrows(GlintException.class, () -> CompiledNetwork.loadBundle(arm, Path.of("boundary.so")));
        assertTrue(e.getMessage().startsWith("boundary.so is for aarch64-unknown-linux-gnu, which cannot run on this machine"),
                e.getMessage());
    }

    @Test
    void nullOrMisnamedInputsAreExceptions() {
        try (CompiledNetwork net = jit(CodegenOptions.defaults()).compile(GraphParser.parse(NET))) {
            assertThrows(NullPointerException.class, () -> net.run(null));
            Map<String, Tensor> nullValue = new HashMap<>();
            nullValue.put("x", null);
            GlintException e = assertThrows(GlintException.class, () -> net.run(nullValue));
            assertTrue(e.getMessage().contains("no value given for graph input 'x'"), e.getMessage());
            Tensor wrongCount = Tensor.ofFloats(new float[71], 1, 71);
            assertThrows(GlintException.class, () -> net.run(Map.of("x", wrongCount)));
            assertEquals(1, net.run(Map.of("x", Tensor.ofFloats(new float[72], 1, 2, 6, 6))).size(), "still usable");
        }
    }

    /**
     * Eight threads run the network while another closes it: every run either returns the right result
     * or is refused with "is closed"; none fails in between, and close returns only when runs have left.
     */
    @Test
    void closeWaitsForRunsAndLaterRunsFailCleanly() throws Exception {
        Graph g = GraphParser.parse(NET);
        Map<String, Tensor> in = JitTester.randomInputs(g, 3);
        for (int round = 0; round < 5; round++) {
            CompiledNetwork net = jit(CodegenOptions.defaults()).compile(g);
            float[] expected = net.run(in).get("s").floats();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            CountDownLatch running = new CountDownLatch(8);
            try {
                List<Future<Integer>> runners = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    runners.add(pool.submit(() -> {
                        int ok = 0;
                        running.countDown();
                        while (true) {
                            Map<String, Tensor> out;
                            try {
                                out = net.run(in);
                            } catch (IllegalStateException e) {
                                assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
                                return ok;
                            }
                            assertArrayEquals(expected, out.get("s").floats());
                            ok++;
                        }
                    }));
                }
                running.await();
                Thread.sleep(50);
                Future<?> closer = pool.submit(net::close);
                net.close(); // a second close racing with the first
                closer.get();
                assertTrue(net.isClosed());
                for (Future<Integer> r : runners) {
                    r.get();
                }
                IllegalStateException after = assertThrows(IllegalStateException.class, () -> net.run(in));
                assertEquals("compiled network 'glint_boundary' is closed", after.getMessage());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
