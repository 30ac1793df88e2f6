package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's native-memory acceptance: the int8 MobileNetV2 (the float model quantized once by Glint) is
 * compiled, run once and closed {@code glint.nativemem.cycles} times (default 200) in this JVM. Each cycle
 * creates an LLVM context, a target machine, an ORC JIT with its code, and the network's native buffers;
 * {@code close()} must release all of it. The resident set size is measured after {@value #WARM_UP} warm-up
 * cycles (LLVM's one-time registries, the JIT's first code pages and the allocator's arenas are in place by
 * then) and after the last cycle; the growth must stay below {@value #GROWTH_LIMIT_MIB} MiB.
 *
 * <p>Why that bound: one cycle holds about 4 MiB of constant weights and activations, a few MiB of machine
 * code and, while optimizing, tens of MiB of LLVM module. Leaking any one of them for 190 cycles would
 * add from several hundred MiB to gigabytes; the bound leaves room for what is not a leak: glibc keeping
 * freed arenas, and the JVM's own growth (compiled Java code, metaspace). The test JVM's heap is fixed and
 * touched up front (tests/pom.xml: -Xms = -Xmx, AlwaysPreTouch), so heap growth cannot pass for a leak; the
 * heap's committed size is printed beside the RSS all the same.
 *
 * <p>One compile of this model takes about 7.5 s on a quiet two-core machine (O3 and machine code for the
 * per-layer depthwise loops dominate), so the full run takes about 25 minutes; the tests module runs it in
 * one of two forks beside the other suites. {@code -Dglint.nativemem.cycles=N} shortens it (at least
 * {@value #WARM_UP} + 10).
 */
class NativeMemoryTest {
    private static final int CYCLES = Integer.getInteger("glint.nativemem.cycles", 200);
    private static final int WARM_UP = 10;
    private static final int REPORT_EVERY = 10;
    private static final long GROWTH_LIMIT_MIB = 64;

    @Test
    void compilingAndClosingMobileNetRepeatedlyDoesNotLeak() throws IOException {
        assertTrue(CYCLES >= WARM_UP + 10, "glint.nativemem.cycles must be at least " + (WARM_UP + 10));
        QuantizedModels.Model m = QuantizedModels.MOBILENET;
        Graph g = QuantizedModels.int8Graph(m);
        Map<String, Tensor> input = QuantizedModels.testInput(m, g);
        JitCompiler compiler = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults());
        long warmRss = 0;
        double compileSeconds = 0;
        long start = System.nanoTime();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            try (CompiledNetwork net = compiler.compile(g)) {
                compileSeconds += net.compileMillis() / 1000;
                net.run(input);
            }
            if (cycle == WARM_UP) {
                warmRss = settledResidentBytes();
            }
            if (cycle % REPORT_EVERY == 0) {
                System.out.printf("native memory: cycle %d, RSS %.1f MiB, Java heap committed %.1f MiB, %.1f s per compile%n",
                        cycle, mib(residentBytes()), mib(Runtime.getRuntime().totalMemory()), compileSeconds / cycle);
            }
        }
        long endRss = settledResidentBytes();
        long growth = endRss - warmRss;
        int measured = CYCLES - WARM_UP;
        System.out.printf("native memory: int8 MobileNetV2 compiled, run and closed %d times in %.0f s "
                + "(%.2f s per compile); RSS start %.1f MiB (after %d warm-up cycles), end %.1f MiB, growth %.1f MiB "
                + "over %d cycles (%.1f KiB per cycle), limit %d MiB%n", CYCLES, (System.nanoTime() - start) / 1e9,
                compileSeconds / CYCLES, mib(warmRss), WARM_UP, mib(endRss), mib(growth), measured,
                growth / 1024.0 / measured, GROWTH_LIMIT_MIB);
        assertTrue(growth < GROWTH_LIMIT_MIB << 20, "RSS grew by " + mib(growth) + " MiB over " + measured + " cycles");
    }

    /** The RSS after a full collection, so that Java garbage from lowering does not count as growth. */
    private static long settledResidentBytes() throws IOException {
        System.gc();
        return residentBytes();
    }

    /** This process's resident set size, from {@code /proc/self/status} (Linux). */
    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) * 1024; // reported in kB
            }
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
