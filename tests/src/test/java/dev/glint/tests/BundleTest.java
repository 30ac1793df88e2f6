package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glint.bundle.LlvmTools;
import dev.glint.cli.Main;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code glint compile} end to end (issue 6): int8 mnist-8 and int8 MobileNetV2 bundles, built into
 * {@code examples/bundle/main.c} and run natively (x86-64, gcc) and under {@code qemu-aarch64 -cpu max}
 * (aarch64 generic and cortex-a76, cross gcc); every run's output bytes must equal those of
 * {@code glint run --engine jit} on the same input. ARMv7 is checked for object emission only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleTest {
    private static final String QEMU = "/usr/bin/qemu-aarch64";
    private static final String CROSS_GCC = "/usr/bin/aarch64-linux-gnu-gcc";

    private Path dir;

    /** A model quantized with a profile, one input for it, and the JIT's output bytes for that input. */
    record Case(String name, Path model, Path profile, Path input, byte[] expected) {}

    private final Map<String, Case> cases = new HashMap<>();

    @BeforeAll
    void prepare(@TempDir Path tempDir) throws IOException {
        dir = tempDir;
        cases.put("mnist", prepareCase("mnist", SharedMaterial.resolve("models/mnist-8/mnist.onnx"),
                SharedMaterial.resolve("data/mnist-npy/t10k_images.npy"), 20, new int[] {1, 1, 28, 28}));
        cases.put("mobilenet", prepareCase("mobilenet", SharedMaterial.resolve("models/mobilenetv2-float/mobilenetv2.onnx"),
                SharedMaterial.resolve("data/imagenet-samples-npy/samples.npy"), 1, new int[] {1, 3, 224, 224}));
    }

    private Case prepareCase(String name, Path model, Path dataset, int samples, int[] inputShape) throws IOException {
        Path work = Files.createDirectories(dir.resolve(name));
        Tensor all = Npy.read(dataset);
        Path profileData = work.resolve("profile-data.npy");
        Npy.write(profileData, firstSamples(all, samples));
        Path profile = work.resolve("profile.json");
        glint(0, "profile", model.toString(), "--data", profileData.toString(), "--out", profile.toString());
        Path input = work.resolve("input.npy");
        Npy.write(input, firstSamples(all, 1).reshape(TensorType.f32(inputShape)));
        Path reference = work.resolve("jit.npy");
        glint(0, "run", model.toString(), "--profile", profile.toString(), "--engine", "jit", "--input", input.toString(),
                "--out", reference.toString());
        return new Case(name, model, profile, input, ConstantImage.encode(Npy.read(reference)));
    }

    /** The first {@code n} samples of a dataset, as float32 (integer pixels converted unchanged). */
    private static Tensor firstSamples(Tensor all, int n) {
        int[] shape = all.shape().clone();
        int per = all.size() / shape[0];
        shape[0] = n;
        float[] data = Arrays.copyOf(all.toFloatArray(), per * n);
        return Tensor.ofFloats(TensorType.f32(shape), data);
    }

    @ParameterizedTest(name = "{0} on x86-64")
    @ValueSource(strings = {"mnist", "mobilenet"})
    void x86BundleMatchesTheJit(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is needed to build examples/bundle/main.c");
        Case c = cases.get(name);
        Path out = compile(c, "x86", "--target", "x86_64-linux-gnu");
        build(out, "gcc", c.name());
        byte[] actual = runProgram(out, List.of("./run"), out.resolve("net.weights.bin"), c.input());
        assertArrayEquals(c.expected(), actual, name + ": bundle output differs from glint run --engine jit");
    }

    @ParameterizedTest(name = "{0} on aarch64 generic and cortex-a76 (qemu)")
    @ValueSource(strings = {"mnist", "mobilenet"})
    void aarch64BundlesMatchTheJit(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(QEMU)) && Files.isExecutable(Path.of(CROSS_GCC)),
                "skipped: qemu-aarch64 and aarch64-linux-gnu-gcc are needed (apt-get install qemu-user "
                        + "gcc-aarch64-linux-gnu libc6-dev-arm64-cross)");
        Case c = cases.get(name);
        List<String> qemu = List.of(QEMU, "-cpu", "max", "-L", "/usr/aarch64-linux-gnu", "./run");
        for (String cpu : List.of("generic", "cortex-a76")) {
            Path out = compile(c, "aarch64-" + cpu, "--target", "aarch64-linux-gnu", "--cpu", cpu);
            String disassembly = run(out, LlvmTools.objdump().toString(), "-d", "net.o");
            assertEquals(cpu.equals("cortex-a76"), disassembly.contains("sdot"),
                    name + " for " + cpu + ": sdot expected only with dotprod");
            build(out, CROSS_GCC, c.name());
            byte[] actual = runProgram(out, qemu, out.resolve("net.weights.bin"), c.input());
            assertArrayEquals(c.expected(), actual, name + " on aarch64 " + cpu + ": output differs from the x86-64 JIT");
        }
    }

    @Test
    void embeddedWeightsNeedNoWeightsFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is needed to build examples/bundle/main.c");
        Case c = cases.get("mnist");
        Path out = compile(c, "embedded", "--target", "x86_64-linux-gnu", "--embed-weights", "--shared");
        assertTrue(Files.readString(out.resolve("net.h")).contains("constantWeight may be NULL"));
        assertTrue(Files.size(out.resolve("net.so")) > 0);
        build(out, "gcc", c.name());
        assertArrayEquals(c.expected(), runProgram(out, List.of("./run"), null, c.input()), "embedded weights (NULL)");
        assertArrayEquals(c.expected(), runProgram(out, List.of("./run"), out.resolve("net.weights.bin"), c.input()),
                "embedded bundle given the weights file");
        // The same program against the shared library that lld linked, instead of the object.
        Path main = Path.of(System.getProperty("glint.root", "..")).resolve("examples/bundle/main.c").toAbsolutePath();
        run(out, "gcc", "-O2", "-DBUNDLE=net", "-DBUNDLE_HEADER=\"net.h\"", "-I", ".", main.toString(), "./net.so",
                "-Wl,-rpath,$ORIGIN", "-lm", "-o", "run");
        assertArrayEquals(c.expected(), runProgram(out, List.of("./run"), null, c.input()), "net.so (embedded weights)");
    }

    /**
     * {@code --io int8}: the caller quantizes the input with the header's scale and offset
     * ({@code q = clamp(round_half_even(x / scale) + offset)}, float32 division, as the numeric contract
     * says) and dequantizes the int8 output; that must give exactly the float bundle's output bytes.
     */
    @Test
    void int8BoundaryRoundTripsToTheFloatResult() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is needed to build examples/bundle/main.c");
        Case c = cases.get("mnist");
        Path out = compile(c, "io-int8", "--target", "x86_64-linux-gnu", "--io", "int8");
        List<float[]> quant = headerQuantization(Files.readString(out.resolve("net.h")));
        assertEquals(2, quant.size(), "one input and one output in the symbol table");
        float[] x = Npy.read(c.input()).toFloatArray();
        byte[] q = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            q[i] = (byte) Math.max(-128, Math.min(127, Math.rint(x[i] / quant.get(0)[0]) + quant.get(0)[1]));
        }
        Path input = out.resolve("input-int8.bin");
        Files.write(input, q);
        build(out, "gcc", c.name());
        byte[] y = runProgram(out, List.of("./run"), out.resolve("net.weights.bin"), input);
        float[] dequantized = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            dequantized[i] = (y[i] - quant.get(1)[1]) * quant.get(1)[0];
        }
        Tensor expected = ConstantImage.decode(TensorType.f32(c.expected().length / 4), c.expected());
        assertArrayEquals(expected.floats(), dequantized, "int8 output dequantized vs the float bundle");
    }

    /** (scale, offset) of every symbol-table row of a header, in order. */
    private static List<float[]> headerQuantization(String header) {
        Matcher m = Pattern.compile("\\{ \"[^\"]+\", .*?\\}, ([^,]+)f, (-?\\d+) \\},").matcher(header);
        List<float[]> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new float[] {Float.parseFloat(m.group(1)), Integer.parseInt(m.group(2))});
        }
        return rows;
    }

    @Test
    void armv7ObjectIs32BitHardFloat() throws Exception {
        Path out = compile(cases.get("mnist"), "armv7", "--target", "armv7a-linux-gnueabihf");
        byte[] elf = Files.readAllBytes(out.resolve("net.o"));
        assertEquals(1, elf[4], "ELF class: 32-bit");
        assertEquals(40, (elf[18] & 0xFF) | (elf[19] & 0xFF) << 8, "e_machine: ARM");
        String attributes = run(out, LlvmTools.named("llvm-readobj").toString(), "--arch-specific", "net.o");
        assertTrue(attributes.contains("ABI_VFP_args") && attributes.contains("AAPCS VFP"),
                "hard-float ABI attribute expected:\n" + attributes);
        String header = Files.readString(out.resolve("net.h"));
        assertTrue(header.contains("#define NET_MUTABLE_WEIGHT_SIZE UINT64_C("), header);
        assertFalse(header.contains("size_t"), "sizes must be fixed-width, not the host's size_t");
    }

    @Test
    void unknownTargetCpuOrFeatureIsExitStatus2() throws IOException {
        Case c = cases.get("mnist");
        String cpu = glint(2, "compile", c.model().toString(), "--target", "aarch64-linux-gnu", "--cpu", "cortex-a99",
                "--out", dir.resolve("bad").toString());
        assertTrue(cpu.contains("unknown CPU 'cortex-a99'") && cpu.contains("cortex-a76"), cpu);
        String feature = glint(2, "compile", c.model().toString(), "--target", "aarch64-linux-gnu", "--features",
                "+dotprd", "--out", dir.resolve("bad").toString());
        assertTrue(feature.contains("unknown feature 'dotprd'") && feature.contains("dotprod"), feature);
        String triple = glint(2, "compile", c.model().toString(), "--target", "nonsense-os", "--out",
                dir.resolve("bad").toString());
        assertTrue(triple.contains("unknown target triple 'nonsense-os'") && triple.contains("aarch64"), triple);
    }

    /** Compiles a case's model into {@code DIR/label} as bundle {@code net}. */
    private Path compile(Case c, String label, String... targetArgs) throws IOException {
        Path out = dir.resolve(c.name()).resolve(label);
        List<String> args = new ArrayList<>(List.of("compile", c.model().toString(), "--profile", c.profile().toString(),
                "--out", out.toString(), "--name", "net"));
        args.addAll(List.of(targetArgs));
        glint(0, args.toArray(String[]::new));
        for (String f : List.of("net.o", "net.h", "net.weights.bin")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " written");
        }
        return out;
    }

    private static void build(Path out, String compiler, String what) throws Exception {
        Path main = Path.of(System.getProperty("glint.root", "..")).resolve("examples/bundle/main.c").toAbsolutePath();
        run(out, compiler, "-O2", "-Wall", "-Werror", "-DBUNDLE=net", "-DBUNDLE_HEADER=\"net.h\"", "-I", ".",
                main.toString(), "net.o", "-lm", "-o", "run");
    }

    /** Runs the example program; {@code weights} null means "-" (embedded weights). Returns its output file. */
    private static byte[] runProgram(Path out, List<String> launcher, Path weights, Path input) throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(weights == null ? "-" : weights.toString(), input.toString(), "out.bin"));
        run(out, command.toArray(String[]::new));
        return Files.readAllBytes(out.resolve("out.bin"));
    }

    private static String run(Path workDir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, p.waitFor(), String.join(" ", command) + " failed:\n" + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }

    /** Runs {@code glint ARGS}, asserts its exit status, returns what it printed on standard error. */
    private static String glint(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, "glint " + String.join(" ", args) + "\n" + errText);
        return errText;
    }
}
