package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.cli.Main;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glint eval --accuracy-target} on mnist-8 with the first 1,000 MNIST test images (calibrated on 200
 * others): with the default calibration int8 is already within 0.1 points, so nothing is kept; with a
 * clipping calibration (percentile:99, 0.7 points below float) layers must be kept in float one at a time
 * until the target is met, and the evaluation that follows confirms it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccuracyTargetTest {
    private static final Pattern TOP1 = Pattern.compile("(float|int8) top-1: +([0-9.]+)% \\((\\d+)/(\\d+)\\)");

    private Path model;
    private Path profile;
    private Path images;
    private Path labels;

    @BeforeAll
    void prepare(@TempDir Path dir) {
        model = SharedMaterial.resolve("models/mnist-8/mnist.onnx");
        Dataset all = Dataset.read(SharedMaterial.resolve("data/mnist-npy/t10k_images.npy"));
        Tensor allLabels = Npy.read(SharedMaterial.resolve("data/mnist-npy/t10k_labels.npy"));
        images = dir.resolve("images.npy");
        labels = dir.resolve("labels.npy");
        Path calibration = dir.resolve("calibration.npy");
        Npy.write(images, samples(all, 0, 1000));
        Npy.write(labels, Tensor.ofLongs(Arrays.copyOf(allLabels.toLongArray(), 1000), 1000));
        Npy.write(calibration, samples(all, 9000, 200));
        profile = dir.resolve("p.json");
        Result r = glint("profile", model.toString(), "--data", calibration.toString(), "--out", profile.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void alreadyWithinTargetKeepsNothing() {
        Result r = glint("eval", model.toString(), "--profile", profile.toString(), "--data", images.toString(),
                "--labels", labels.toString(), "--accuracy-target", "0.1", "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("target reached; no layer needs to stay in float"), r.out());
        assertFalse(r.out().contains("step 1"), r.out());
        assertWithin(0.1, r.out());
    }

    @Test
    void clippingCalibrationKeepsLayersInFloatUntilWithinTarget() {
        Result r = glint("eval", model.toString(), "--profile", profile.toString(), "--calibration", "percentile:99",
                "--data", images.toString(), "--labels", labels.toString(), "--accuracy-target", "0.1", "--quiet");
        assertEquals(0, r.status(), r.err());
        Matcher all = Pattern.compile("int8 top-1 ([0-9.]+)% with every layer quantized \\(drop ([0-9.]+) points\\)")
                .matcher(r.out());
        assertTrue(all.find(), r.out());
        assertTrue(Double.parseDouble(all.group(2)) > 0.1, "this calibration must need the loop: " + r.out());
        assertTrue(r.out().contains("when only it is quantized"), "sensitivities are measured: " + r.out());
        assertTrue(r.out().contains("step 1: keep "), r.out());
        assertTrue(r.out().contains(": target reached"), r.out());
        Matcher kept = Pattern.compile("kept in float: (.+)").matcher(r.out());
        assertTrue(kept.find(), r.out());
        List<String> layers = List.of(kept.group(1).split(", "));
        assertFalse(layers.isEmpty());
        assertWithin(0.1, r.out());
    }

    /** The evaluation printed after the search: int8 top-1 within {@code points} of float top-1. */
    private static void assertWithin(double points, String out) {
        Matcher m = TOP1.matcher(out);
        assertTrue(m.find() && m.group(1).equals("float"), out);
        double f = Double.parseDouble(m.group(2));
        assertEquals("1000", m.group(4));
        assertTrue(m.find() && m.group(1).equals("int8"), out);
        double q = Double.parseDouble(m.group(2));
        assertTrue(f - q <= points + 1e-9, "float " + f + "%, int8 " + q + "%: " + out);
    }

    private static Tensor samples(Dataset data, int from, int count) {
        int size = data.sample(0).size();
        float[] v = new float[count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(data.sample(from + i).toFloatArray(), 0, v, i * size, size);
        }
        int[] shape = data.sampleType().shape();
        int[] full = new int[shape.length + 1];
        full[0] = count;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Tensor.ofFloats(TensorType.f32(full), v);
    }

    private record Result(int status, String out, String err) {}

    private static Result glint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
