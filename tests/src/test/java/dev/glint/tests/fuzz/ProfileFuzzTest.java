package dev.glint.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ProfileFormat;
import dev.glint.quantizer.profile.Profiler;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of profile files: a real profile of the repository's digits CNN (made here by the
 * {@link Profiler} from a few calibration images) is damaged in the ways {@link JsonMutation} lists, from
 * a fixed seed. Each mutant must load, or be refused with a one-line {@link GlintException} naming the
 * file; one that loads and still fits the model must then quantize the model (each calibration method in
 * turn) or be refused the same way — never another exception, a StackOverflowError from deep nesting, a
 * hang or an OutOfMemoryError.
 */
class ProfileFuzzTest {
    private static final long SEED = 0x5052_4F46L;
    private static final int MUTANTS = 1_800;
    private static final int CALIBRATION_SAMPLES = 4;
    private static final String MODEL_HASH = "fuzz-model-hash";
    /**
     * The calibration each mutant is quantized with, in turn. KL searches ~1900 thresholds per value, so it
     * comes up less often than the cheap methods.
     */
    private static final String[] CALIBRATIONS = {"minmax", "percentile", "mse", "minmax", "percentile", "mse",
        "minmax", "percentile", "mse", "kl"};

    @Test
    void everyMutantLoadsOrIsRejectedClearly() {
        Path digits = Path.of(System.getProperty("glint.root", "..")).resolve("examples/digits");
        Graph graph = OnnxImporter.load(digits.resolve("digits-cnn.onnx"));
        Canonicalization.standardPipeline().run(graph);
        String original = ProfileFormat.toJson(profile(graph, Dataset.read(digits.resolve("digits-calibration-images.npy"))));

        JsonMutator mutator = new JsonMutator(original);
        Random random = new Random(SEED);
        JsonMutation[] kinds = JsonMutation.values();
        FuzzTally tally = new FuzzTally("profile");
        try (GuardedRunner runner = new GuardedRunner()) {
            for (int i = 0; i < MUTANTS; i++) {
                JsonMutation kind = kinds[i % kinds.length];
                String mutant = mutator.mutate(kind, random);
                String where = "mutant-" + i + ".json";
                Calibration calibration = Calibration.parse(CALIBRATIONS[i % CALIBRATIONS.length]);
                GuardedRunner.Result r = runner.run(() -> loadAndUse(mutant, where, graph, calibration), 20_000, where);
                tally.record(kind.name(), where, r, mutant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        tally.print(System.out);
        assertTrue(tally.count(Verdict.VALID) > 0, "no mutant was usable: the quantizer path was never reached");
        assertEquals(0, tally.count(Verdict.FAILED), "failures (see the log): " + tally.failures().stream()
                .map(FuzzTally.Failure::signature).toList());
    }

    private static Profile profile(Graph graph, Dataset data) {
        InputNode input = graph.inputs().get(0);
        Profiler profiler = new Profiler(graph);
        for (int i = 0; i < CALIBRATION_SAMPLES; i++) {
            profiler.addSample(Map.of(input.name(), data.sample(i, input.type(), input.name())));
        }
        return profiler.toProfile(MODEL_HASH);
    }

    /**
     * Loads the mutant; when it still fits the model, quantizes with it. Errors from loading and fitting
     * must name the file; errors from quantizing must be one clear line.
     */
    private static Verdict loadAndUse(String json, String where, Graph graph, Calibration calibration) {
        Profile p = ProfileFormat.fromJson(json, where);
        p.checkFits(graph, MODEL_HASH, where);
        try {
            Quantizer.quantize(graph, p, QuantConfig.defaults().withCalibration(calibration));
        } catch (GlintException e) {
            UnclearMessageException.check(e, null);
            return Verdict.REJECTED;
        }
        return Verdict.VALID;
    }
}
