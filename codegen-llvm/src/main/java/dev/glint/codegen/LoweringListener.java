package dev.glint.codegen;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sees the result of every step of the {@link LoweringPipeline} (the hook behind {@code --dump-ir}).
 * The dump is produced lazily, so a listener that ignores a step costs nothing.
 */
@FunctionalInterface
public interface LoweringListener {
    /** Called after step {@code step} finished; {@code dump} renders its result as text. */
    void afterStep(String step, Supplier<String> dump);

    /** Ignores everything. */
    LoweringListener NONE = (step, dump) -> {};

    /** Prints every step's result to {@code out}, framed by the step's name. */
    static LoweringListener printTo(PrintStream out) {
        return (step, dump) -> {
            out.println(";; ==== after " + step + " ====");
            out.println(dump.get());
        };
    }

    /** Writes one file per step into {@code dir}: {@code 01-select-kernels.txt}, {@code 04-optimize-O3.ll}... */
    static LoweringListener toDirectory(Path dir) {
        AtomicInteger counter = new AtomicInteger();
        return (step, dump) -> {
            String slug = step.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
            String ext = step.contains("LLVM") || step.startsWith("optimize") ? ".ll" : ".txt";
            Path file = dir.resolve(String.format("%02d-%s%s", counter.incrementAndGet(), slug, ext));
            try {
                Files.createDirectories(dir);
                Files.writeString(file, dump.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write IR dump " + file, e);
            }
        };
    }
}
