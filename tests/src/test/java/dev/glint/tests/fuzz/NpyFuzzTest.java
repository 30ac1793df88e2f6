package dev.glint.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Tensor;
import dev.glint.ir.io.Npy;
import dev.glint.tests.SharedMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the {@code .npy} reader: every {@code .npy} file of the shared material and of
 * {@code examples/digits} is damaged in the ways {@link NpyMutation} lists, from a fixed seed. Each mutant
 * must read as a tensor whose element count matches its shape (mutants that NumPy would refuse must be
 * refused), or be refused with a one-line
 * {@link dev.glint.ir.GlintException} naming the file — never another exception, a hang or an
 * OutOfMemoryError from a forged shape.
 */
class NpyFuzzTest {
    private static final long SEED = 0x4E50_5946L;
    /** Mutants per file: a byte budget divided by its size, at least 40 and at most 500. */
    private static final long BYTES_PER_FILE = 4_000_000L;
    private static final int MIN_MUTANTS = 3_000;

    @Test
    void everyMutantReadsOrIsRejectedClearly() {
        List<Path> files = SeedFiles.under(SharedMaterial.root(), ".npy");
        files.addAll(SeedFiles.under(Path.of(System.getProperty("glint.root", "..")).resolve("examples/digits"), ".npy"));
        FuzzTally tally = new FuzzTally("npy");
        try (GuardedRunner runner = new GuardedRunner()) {
            for (Path file : files) {
                byte[] original = read(file);
                NpyMutator mutator = new NpyMutator(original);
                int n = (int) Math.max(40, Math.min(500, BYTES_PER_FILE / original.length));
                Random random = new Random(SEED ^ file.getFileName().toString().hashCode());
                NpyMutation[] kinds = NpyMutation.values();
                for (int i = 0; i < n; i++) {
                    NpyMutation kind = kinds[i % kinds.length];
                    NpyMutator.Mutant mutant = mutator.mutate(kind, random);
                    String where = "mutant " + i + " of " + file.getFileName();
                    GuardedRunner.Result r = runner.run(() -> readChecked(mutant, where), 20_000, where);
                    tally.record(kind.name(), where, r, mutant.bytes());
                }
            }
        }
        tally.print(System.out);
        assertTrue(tally.mutants() >= MIN_MUTANTS, "only " + tally.mutants() + " mutants");
        assertEquals(0, tally.count(Verdict.FAILED), "failures (see the log): " + tally.failures().stream()
                .map(FuzzTally.Failure::signature).toList());
    }

    /**
     * Reads the mutant. Accepting one that must be refused, or a tensor whose data does not fill its
     * shape, would be a silent misreading.
     */
    private static Verdict readChecked(NpyMutator.Mutant mutant, String where) {
        Tensor t = Npy.parse(mutant.bytes(), where);
        if (mutant.mustReject()) {
            throw new IllegalStateException(where + ": a damaged header was accepted as " + t.type());
        }
        long elements = 1;
        for (int d : t.shape()) {
            elements *= d;
        }
        if (elements != t.size()) {
            throw new IllegalStateException(where + ": shape " + t.type() + " but " + t.size() + " elements");
        }
        return Verdict.VALID;
    }


    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
