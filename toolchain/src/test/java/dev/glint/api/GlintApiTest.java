package dev.glint.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API on the shipped digits model: shapes, float and int8 runs, checks, closing and threads. */
class GlintApiTest {
    private static final Path MODEL = RepositoryFiles.resolve("examples/digits/digits-cnn.onnx");
    private static final Path CALIBRATION = RepositoryFiles.resolve("examples/digits/digits-calibration-images.npy");
    private static final Path TEST_IMAGES = RepositoryFiles.resolve("examples/digits/digits-test-images.npy");

    private static Model model;
    private static Profile profile;
    private static Dataset images;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = Glint.load(MODEL);
        profile = model.profile(CALIBRATION);
        images = Dataset.read(TEST_IMAGES);
    }

    @Test
    void describesInputsAndOutputs() {
        assertEquals(1, model.inputs().size());
        TensorInfo in = model.inputs().get(0);
        assertEquals("image", in.name());
        assertArrayEquals(new int[] {1, 1, 8, 8}, in.shape());
        assertEquals(64, in.elementCount());
        TensorInfo out = model.outputs().get(0);
        assertEquals("logits", out.name());
        assertArrayEquals(new int[] {1, 10}, out.shape());
        assertEquals(200, profile.samples());
        assertFalse(model.isQuantized());
    }

    @Test
    void floatJitAgreesWithTheInterpreter() {
        float[] image = images.sample(3).toFloatArray();
        try (CompiledModel net = model.compileJit()) {
            assertEquals(model.inputs().get(0).name(), net.inputs().get(0).name());
            float[] out = net.run(image);
            Tensor reference = Interpreter.run(model.graph(), Map.of("image",
                    Tensor.ofFloats(TensorType.f32(1, 1, 8, 8), image))).get("logits");
            assertArrayEquals(reference.floats(), out, 1e-4f);
        }
    }

    @Test
    void int8ModelClassifiesLikeTheFloatOneAndMapRunGivesTheSameValues() {
        Model int8 = model.quantize(profile);
        assertTrue(int8.isQuantized());
        int agree = 0;
        try (CompiledModel f = model.compileJit(); CompiledModel q = int8.compileJit()) {
            for (int i = 0; i < 50; i++) {
                float[] image = images.sample(i).toFloatArray();
                agree += argmax(f.run(image)) == argmax(q.run(image)) ? 1 : 0;
                Map<String, Tensor> byName = q.run(Map.of("image", Tensor.ofFloats(TensorType.f32(1, 1, 8, 8), image)));
                assertArrayEquals(q.run(image), byName.get("logits").floats());
            }
        }
        assertTrue(agree >= 48, "int8 and float agree on " + agree + " of 50 images");
    }

    @Test
    void wrongInputLengthIsAOneLineGlintException() {
        try (CompiledModel net = model.compileJit()) {
            GlintException e = assertThrows(GlintException.class, () -> net.run(new float[10]));
            assertEquals("input 'image' expects 64 values (f32[1,1,8,8]), got 10", e.getMessage());
            GlintException wrongShape = assertThrows(GlintException.class,
                    () -> net.run(Map.of("image", Tensor.ofFloats(TensorType.f32(64), new float[64]))));
            assertTrue(wrongShape.getMessage().contains("image"), wrongShape.getMessage());
        }
    }

    @Test
    void closedModelRefusesToRun() {
        CompiledModel net = model.compileJit();
        net.close();
        net.close();
        GlintException e = assertThrows(GlintException.class, () -> net.run(new float[64]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void profileOfAnotherModelAndDoubleQuantizationAreRefused() throws Exception {
        // The same network with another doc_string (ModelProto field 6) appended: another file, another hash.
        Path other = dir.resolve("other.onnx");
        Files.write(other, Files.readAllBytes(MODEL));
        Files.write(other, new byte[] {0x32, 1, 'x'}, StandardOpenOption.APPEND);
        GlintException refused = assertThrows(GlintException.class, () -> Glint.load(other).quantize(profile));
        assertTrue(refused.getMessage().contains("model hash differs"), refused.getMessage());
        GlintException twice = assertThrows(GlintException.class, () -> model.quantize(profile).quantize(profile));
        assertTrue(twice.getMessage().contains("already quantized"), twice.getMessage());
        GlintException missing = assertThrows(GlintException.class, () -> Glint.load(dir.resolve("none.onnx")));
        assertTrue(missing.getMessage().endsWith("none.onnx: no such file"), missing.getMessage());
    }

    @Test
    void profileRoundTripsThroughAFile() {
        Path json = dir.resolve("p.json");
        profile.save(json);
        Profile read = Profile.read(json);
        assertEquals(profile.samples(), read.samples());
        float[] image = images.sample(0).toFloatArray();
        try (CompiledModel a = model.quantize(profile).compileJit(); CompiledModel b = model.quantize(read).compileJit()) {
            assertArrayEquals(a.run(image), b.run(image));
        }
    }

    @Test
    void runsFromManyThreadsAtOnce() throws Exception {
        try (CompiledModel net = model.quantize(profile).compileJit()) {
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                expected.add(net.run(images.sample(i).toFloatArray()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (int i = 0; i < 32; i++) {
                        float[] image = images.sample(i).toFloatArray();
                        results.add(pool.submit(() -> net.run(image)));
                    }
                }
                for (int k = 0; k < results.size(); k++) {
                    assertArrayEquals(expected.get(k % 32), results.get(k).get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
