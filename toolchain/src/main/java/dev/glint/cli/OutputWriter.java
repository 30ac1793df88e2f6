package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's outputs as {@code .npy} files for {@code --out}: a single output goes to the named
 * file (or to {@code NAME.npy} inside it when it is an existing directory); several outputs go to
 * {@code DIR/NAME.npy} each, with names made safe for the file system.
 */
public final class OutputWriter {
    /** One written file. */
    public record Written(String output, Path file, Tensor value) {}

    private OutputWriter() {}

    /** Writes {@code outputs} (keyed by output name, in the model's order) according to {@code out}. */
    public static List<Written> write(Map<String, Tensor> outputs, Path out) throws IOException {
        List<Written> written = new ArrayList<>();
        if (outputs.size() == 1 && !Files.isDirectory(out)) {
            Map.Entry<String, Tensor> only = outputs.entrySet().iterator().next();
            createParent(out);
            Npy.write(out, only.getValue());
            written.add(new Written(only.getKey(), out, only.getValue()));
            return written;
        }
        if (outputs.size() > 1 && (Files.exists(out) && !Files.isDirectory(out) || out.toString().endsWith(".npy"))) {
            throw GlintException.of("--out %s: the model has %d outputs (%s), so --out must name a directory",
                    out, outputs.size(), String.join(", ", outputs.keySet()));
        }
        Files.createDirectories(out);
        FileNames names = new FileNames();
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            Path file = out.resolve(names.unique(e.getKey(), ".npy"));
            Npy.write(file, e.getValue());
            written.add(new Written(e.getKey(), file, e.getValue()));
        }
        return written;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
