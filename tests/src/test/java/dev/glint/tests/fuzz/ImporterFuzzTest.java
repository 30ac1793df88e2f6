package dev.glint.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.tests.SharedMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzzing of the ONNX importer. Every {@code model.onnx} of the ONNX conformance suites,
 * every real model and Glow's operator models (text format, converted by {@link TextModelSeeds}) is
 * damaged in the ways {@link ProtoMutation} lists, round robin, from a fixed seed; each mutant must import to a valid graph that survives canonicalization (and, when tiny, a run of the
 * interpreter), or be refused with a {@link dev.glint.ir.GlintException} whose one-line message names the
 * file — never another exception, a hang or an OutOfMemoryError. Large models get few mutants (each costs
 * a full import), small ones many.
 */
class ImporterFuzzTest {
    private static final long SEED = 0x5EED_0F_6C1A7L;
    private static final int MUTANTS_PER_CONFORMANCE_MODEL = 100;
    private static final int MUTANTS_PER_GLOW_MODEL = 40;
    /** A real model gets about this many bytes' worth of mutants (at least 3, at most 600). */
    private static final long BYTES_PER_REAL_MODEL = 20_000_000L;
    private static final int MIN_MUTANTS = 20_000;

    @Test
    void everyMutantImportsOrIsRejectedClearly() {
        Path shared = SharedMaterial.root();
        List<Path> conformance = SeedFiles.under(shared.resolve("onnx-conformance"), "model.onnx");
        List<Path> real = SeedFiles.under(shared.resolve("models"), ".onnx");
        real.add(Path.of(System.getProperty("glint.root", "..")).resolve("examples/digits/digits-cnn.onnx"));
        List<Path> glow = SeedFiles.under(shared.resolve("glow/tests/models/onnxModels"), ".onnxtxt");

        FuzzTally tally = new FuzzTally("onnx");
        try (GuardedRunner runner = new GuardedRunner()) {
            for (Path p : conformance) {
                fuzz(p, read(p), MUTANTS_PER_CONFORMANCE_MODEL, shared, runner, tally);
            }
            int glowSeeds = 0;
            for (Path p : glow) {
                byte[] binary = TextModelSeeds.binary(p);
                if (binary != null) {
                    fuzz(p, binary, MUTANTS_PER_GLOW_MODEL, shared, runner, tally);
                    glowSeeds++;
                }
            }
            System.out.printf("[fuzz onnx] seeds: %d conformance models, %d of %d Glow text models, %d real models%n",
                    conformance.size(), glowSeeds, glow.size(), real.size());
            for (Path p : real) {
                long size = size(p);
                int n = (int) Math.max(3, Math.min(600, BYTES_PER_REAL_MODEL / Math.max(1, size)));
                fuzz(p, read(p), n, shared, runner, tally);
            }
        }
        tally.print(System.out);
        assertTrue(tally.mutants() >= MIN_MUTANTS, "only " + tally.mutants() + " mutants");
        assertEquals(0, tally.count(Verdict.FAILED), "failures (see the log): " + tally.failures().stream()
                .map(FuzzTally.Failure::signature).toList());
    }

    private static void fuzz(Path model, byte[] original, int mutants, Path shared, GuardedRunner runner,
            FuzzTally tally) {
        String name = model.startsWith(shared) ? shared.relativize(model).toString() : model.getFileName().toString();
        ProtoMutator mutator = new ProtoMutator(original);
        ProtoMutation[] kinds = ProtoMutation.values();
        // One deterministic stream per file, so adding a model does not change the others' mutants.
        Random random = new Random(SEED ^ name.hashCode());
        long timeout = 20_000 + original.length / 1000; // a millisecond per kilobyte on a busy machine
        for (int i = 0; i < mutants; i++) {
            ProtoMutation kind = kinds[i % kinds.length];
            byte[] mutant = mutator.mutate(kind, random);
            String where = "mutant " + i + " of " + name;
            GuardedRunner.Result r = runner.run(() -> ModelPipeline.run(mutant, where), timeout, where);
            tally.record(kind.name(), where, r, mutant);
        }
    }


    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
