package dev.glint.tests.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts a fuzz campaign: mutants per mutation kind, valid, rejected and failed; keeps one example per
 * distinct failure (exception type and the Glint frame that threw it) and writes that mutant to
 * {@code target/fuzz-failures/} so it can be replayed.
 */
final class FuzzTally {
    /** One distinct failure: where it was first seen and what was thrown. */
    record Failure(String signature, String source, String kind, Throwable problem, int count) {}

    /** Frames printed per distinct failure: enough to find the bug, short enough for a CI log. */
    private static final int STACK_LINES = 12;

    private final String campaign;
    private final Map<String, Integer> byKind = new TreeMap<>();
    private final Map<String, Long> nanosByKind = new TreeMap<>();
    private final Map<Verdict, Integer> byVerdict = new TreeMap<>();
    private final Map<String, Failure> failures = new LinkedHashMap<>();
    private final Path dumpDir;
    private final long startNanos = System.nanoTime();

    FuzzTally(String campaign) {
        this.campaign = campaign;
        this.dumpDir = Path.of("target", "fuzz-failures", campaign);
        clearOldDumps();
    }

    /** Removes the mutants an earlier run saved, so the folder shows only this run's failures. */
    private void clearOldDumps() {
        if (!Files.isDirectory(dumpDir)) {
            return;
        }
        try (java.util.stream.Stream<Path> old = Files.list(dumpDir)) {
            for (Path p : old.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Stale dumps only confuse a reader; they do not affect the campaign.
        }
    }

    /** Records one mutant's result; {@code mutant} is saved when its failure is new. */
    void record(String kind, String source, GuardedRunner.Result r, byte[] mutant) {
        byKind.merge(kind, 1, Integer::sum);
        nanosByKind.merge(kind, r.nanos(), Long::sum);
        byVerdict.merge(r.verdict(), 1, Integer::sum);
        if (r.verdict() != Verdict.FAILED) {
            return;
        }
        String sig = signature(r.problem());
        Failure old = failures.get(sig);
        if (old != null) {
            failures.put(sig, new Failure(sig, old.source(), old.kind(), old.problem(), old.count() + 1));
            return;
        }
        failures.put(sig, new Failure(sig, source, kind, r.problem(), 1));
        save(failures.size(), source, mutant);
    }

    int mutants() {
        return byKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    int count(Verdict v) {
        return byVerdict.getOrDefault(v, 0);
    }

    List<Failure> failures() {
        return new ArrayList<>(failures.values());
    }

    /** Prints the figures (and every distinct failure with its stack) for the build log. */
    void print(PrintStream out) {
        out.printf("[fuzz %s] mutants %d: valid %d, rejected %d, failures %d (%.1f s)%n", campaign, mutants(),
                count(Verdict.VALID), count(Verdict.REJECTED), count(Verdict.FAILED),
                (System.nanoTime() - startNanos) / 1e9);
        out.printf("[fuzz %s] by kind: %s%n", campaign, byKind);
        Map<String, String> seconds = new TreeMap<>();
        nanosByKind.forEach((k, n) -> seconds.put(k, String.format(java.util.Locale.ROOT, "%.1f", n / 1e9)));
        out.printf("[fuzz %s] seconds in the code under test by kind: %s%n", campaign, seconds);
        for (Failure f : failures.values()) {
            out.printf("[fuzz %s] FAILURE x%d %s (first: %s, %s)%n", campaign, f.count(), f.signature(), f.source(),
                    f.kind());
            out.println("    " + f.problem());
            Throwable t = f.problem() instanceof UnclearMessageException ? f.problem().getCause() : f.problem();
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(STACK_LINES, stack.length); i++) {
                out.println("      at " + stack[i]);
            }
        }
    }

    /** Exception type plus the first Glint frame: one entry per distinct bug, not per mutant. */
    private static String signature(Throwable problem) {
        // An unclear message is located by where its GlintException was thrown.
        Throwable t = problem instanceof UnclearMessageException u ? u.getCause() : problem;
        StringBuilder sb = new StringBuilder(problem instanceof UnclearMessageException u
                ? "unclear message (" + u.problem() + ")" : t.getClass().getSimpleName());
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("dev.glint.") && !e.getClassName().startsWith("dev.glint.tests.fuzz.")) {
                sb.append(" at ").append(e.getClassName()).append('.').append(e.getMethodName()).append(':')
                        .append(e.getLineNumber());
                break;
            }
        }
        return sb.toString();
    }

    private void save(int index, String source, byte[] mutant) {
        if (mutant == null) {
            return;
        }
        try {
            Files.createDirectories(dumpDir);
            String base = Path.of(source).getFileName().toString();
            Files.write(dumpDir.resolve(index + "-" + base), mutant);
        } catch (IOException | RuntimeException e) {
            // Saving is a convenience for replaying; the failure itself is already counted.
        }
    }
}
