package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.api.Glint;
import dev.glint.api.Model;
import dev.glint.ir.io.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --accuracy-target} on the shipped digits model, whose int8 top-1 is one image (0.28 points) below
 * float: a target of 0 points makes {@code glint compile} keep layers in float until int8 matches float.
 */
class AccuracyTargetCommandTest {
    private static final Path DIGITS = DemoModel.locate().folder();

    @TempDir
    static Path dir;

    private static Path profile;

    private record Result(int status, String out, String err) {}

    private static Result glint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void profile() {
        profile = dir.resolve("p.json");
        Result r = glint("profile", DIGITS.resolve("digits-cnn.onnx").toString(), "--data",
                DIGITS.resolve("digits-calibration-images.npy").toString(), "--out", profile.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void compileKeepsLayersInFloatUntilTheTargetIsMetThenWritesTheBundle() throws Exception {
        Path out = dir.resolve("bundle");
        Result r = glint("compile", DIGITS.resolve("digits-cnn.onnx").toString(), "--profile", profile.toString(),
                "--accuracy-target", "0", "--data", DIGITS.resolve("digits-test-images.npy").toString(),
                "--labels", DIGITS.resolve("digits-test-labels.npy").toString(), "--out", out.toString(), "--name", "digits");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("float top-1 99.44%; int8 top-1 99.16% with every layer quantized (drop 0.28 points)"),
                r.out());
        assertTrue(r.out().contains("step 1: keep "), r.out());
        assertTrue(r.out().contains("(drop 0.00 points): target reached"), r.out());
        assertTrue(r.out().contains("kept in float: "), r.out());
        assertTrue(Files.size(out.resolve("digits.o")) > 0);
        assertTrue(r.out().indexOf("kept in float: ") < r.out().indexOf("wrote "), "the search comes before the bundle");
    }

    @Test
    void dataWithoutATargetAndATargetWithoutProfileAreMistakes() {
        Result data = glint("compile", DIGITS.resolve("digits-cnn.onnx").toString(), "--profile", profile.toString(),
                "--data", DIGITS.resolve("digits-test-images.npy").toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, data.status());
        assertEquals("glint: --data is only used with --accuracy-target\n", data.err());
        Result noProfile = glint("eval", DIGITS.resolve("digits-cnn.onnx").toString(), "--accuracy-target", "0.5",
                "--data", DIGITS.resolve("digits-test-images.npy").toString(),
                "--labels", DIGITS.resolve("digits-test-labels.npy").toString());
        assertEquals(2, noProfile.status());
        assertEquals("glint: --accuracy-target needs --profile P.json\n", noProfile.err());
        Result negative = glint("eval", DIGITS.resolve("digits-cnn.onnx").toString(), "--profile", profile.toString(),
                "--accuracy-target", "-1", "--data", DIGITS.resolve("digits-test-images.npy").toString(),
                "--labels", DIGITS.resolve("digits-test-labels.npy").toString());
        assertEquals(2, negative.status());
        assertTrue(negative.err().startsWith("glint: --accuracy-target needs a number of percentage points"), negative.err());
    }

    @Test
    void searchSaysSoWhenKeepingEveryCandidateDoesNotHelp() {
        Model digits = Glint.load(DIGITS.resolve("digits-cnn.onnx"));
        Model int8 = digits.quantize(dev.glint.api.Profile.read(profile));
        Dataset images = Dataset.read(DIGITS.resolve("digits-test-images.npy"));
        Labels labels = Labels.read(DIGITS.resolve("digits-test-labels.npy"), images.size());
        List<String> log = new ArrayList<>();
        // A quantizer that ignores the kept set: no choice of layers can help.
        KeepFloatSearch search = new KeepFloatSearch(digits.graph(), keep -> int8.graph(), images, labels, images.size(),
                log::add);
        KeepFloatSearch.Outcome outcome = search.run(0, Set.of(), List.of("a", "b"));
        assertFalse(outcome.reached(), String.join("\n", log));
        assertEquals(2, outcome.steps().size());
        assertEquals(Set.of("a", "b"), outcome.keepFloat());
    }
}
