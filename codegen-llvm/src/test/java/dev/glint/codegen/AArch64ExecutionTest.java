package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glint.codegen.memory.Allocation;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs AArch64 code for real: int8 graphs are compiled ahead of time for {@code aarch64-linux-gnu}
 * (cortex-a76 selects the SDOT kernels, generic the portable ones), linked with a small C driver by the
 * cross compiler and executed under {@code qemu-aarch64 -cpu max}; the outputs must equal the
 * interpreter's bit for bit. Skipped when the cross tools are not installed.
 */
class AArch64ExecutionTest {
    private static final String DRIVER = """
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            int ENTRY(uint8_t *, uint8_t *, uint8_t *);
            static uint8_t *slurp(const char *path, long size) {
                void *p = NULL;
                if (posix_memalign(&p, 64, size > 0 ? size : 1) != 0) exit(3);
                memset(p, 0, size > 0 ? size : 1);
                FILE *f = fopen(path, "rb");
                if (!f || fread(p, 1, size, f) != (size_t) size) exit(4);
                fclose(f);
                return p;
            }
            int main(int argc, char **argv) {
                long cs = atol(argv[1]), ms = atol(argv[2]), as = atol(argv[3]);
                uint8_t *c = slurp("constants.bin", cs), *m = slurp("mutable.bin", ms), *a = NULL;
                if (posix_memalign((void **) &a, 64, as > 0 ? as : 1) != 0) return 3;
                int status = ENTRY(c, m, a);
                FILE *f = fopen("result.bin", "wb");
                fwrite(m, 1, ms, f);
                fclose(f);
                return status;
            }
            """;

    private static boolean toolsPresent() {
        return Files.isExecutable(Path.of("/usr/bin/qemu-aarch64")) && Files.isExecutable(Path.of("/usr/bin/aarch64-linux-gnu-gcc"));
    }

    static List<Graph> graphs() {
        List<Graph> g = new ArrayList<>();
        g.add(Int8NetworkTest.network());
        for (int i = 0; i < 4; i++) {
            g.add(SweepGraphs.graph(i, true));
        }
        LayoutCopySweepTest.aarch64Cases().forEach(c -> g.add(c.graph().get()));
        // the depthwise kernel's int16 arithmetic (x86 uses pmaddwd pairs), stride 1 and 2
        g.add(DepthwiseConvTest.graph(0, true));
        g.add(DepthwiseConvTest.graph(2, true));
        // activations passed channels-last: in place, padded, depthwise (float), elementwise, int8
        ChannelsLastChainTest.chains().stream().filter(c -> c.name().startsWith("float: conv, relu")
                || c.name().startsWith("int8")).forEach(c -> g.add(c.graph().get()));
        return g;
    }

    /** The third row splits every loop over 3 threads: the thread team's atomics and futex calls under qemu. */
    @ParameterizedTest(name = "{0}, {2} thread(s)")
    @CsvSource({"cortex-a76, sdot, 1", "generic, portable, 1", "cortex-a76, sdot, 3"})
    void aarch64CodeMatchesTheInterpreter(String cpu, String expectedKernel, int threads, @TempDir Path dir) throws Exception {
        assumeTrue(toolsPresent(), "qemu-aarch64 and aarch64-linux-gnu-gcc are needed");
        TargetSpec target = new TargetSpec("aarch64-linux-gnu", cpu, "");
        int index = 0;
        for (Graph graph : graphs()) {
            Path work = Files.createDirectories(dir.resolve("g" + index++));
            CodegenOptions options = CodegenOptions.defaults().withThreads(threads);
            ObjectEmitter.Result r = new ObjectEmitter(target, threads > 1 ? options.splittingEveryLoop() : options)
                    .emitObject(graph, "net");
            if (expectedKernel.equals("sdot") && graph.name().equals("int8_cnn")) {
                assertEquals(true, r.lowered().kernelSummary().contains("sdot"), r.lowered().kernelSummary());
            }
            MemoryPlan plan = r.lowered().plan();
            Map<String, Tensor> inputs = JitTester.randomInputs(graph, index);
            Files.write(work.resolve("net.o"), r.code());
            Files.writeString(work.resolve("driver.c"), DRIVER);
            Files.write(work.resolve("constants.bin"), plan.constantImage());
            byte[] mutable = new byte[(int) plan.mutableBytes()];
            for (InputNode in : graph.inputs()) {
                byte[] bytes = ConstantImage.encode(inputs.get(in.name()));
                System.arraycopy(bytes, 0, mutable, (int) plan.inputs().get(in.name()).offset(), bytes.length);
            }
            Files.write(work.resolve("mutable.bin"), mutable);
            run(work, "aarch64-linux-gnu-gcc", "-O1", "-DENTRY=" + r.lowered().entryName(), "driver.c", "net.o", "-lm", "-lpthread", "-o", "prog");
            run(work, "qemu-aarch64", "-cpu", "max", "-L", "/usr/aarch64-linux-gnu", "./prog",
                    Long.toString(plan.constantBytes()), Long.toString(plan.mutableBytes()), Long.toString(plan.activationBytes()));
            byte[] result = Files.readAllBytes(work.resolve("result.bin"));
            Map<String, Tensor> actual = new LinkedHashMap<>();
            for (Graph.Output o : graph.outputs()) {
                Allocation slot = plan.outputs().get(o.name());
                byte[] bytes = new byte[(int) slot.bytes()];
                System.arraycopy(result, (int) slot.offset(), bytes, 0, bytes.length);
                actual.put(o.name(), ConstantImage.decode(o.node().type(), bytes));
            }
            JitTester.assertClose(Interpreter.run(graph, inputs), actual, graph.name() + " on aarch64 " + cpu);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }
}
