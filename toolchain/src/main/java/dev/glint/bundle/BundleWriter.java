package dev.glint.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a compiled {@link Bundle} into a folder: {@code NAME.o}, {@code NAME.h} and {@code NAME.weights.bin}. */
public final class BundleWriter {
    private BundleWriter() {}

    /** One file written, with its size. */
    public record Written(Path file, long bytes) {}

    /** Creates {@code dir} if needed and writes the bundle's three files into it; returns them in that order. */
    public static List<Written> write(Bundle bundle, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Written> written = new ArrayList<>();
        Path object = dir.resolve(bundle.name() + ".o");
        Files.write(object, bundle.object());
        written.add(new Written(object, bundle.object().length));
        Path header = dir.resolve(bundle.name() + ".h");
        Files.writeString(header, BundleHeader.text(bundle));
        written.add(new Written(header, Files.size(header)));
        byte[] weights = bundle.lowered().plan().constantImage();
        Path weightsFile = dir.resolve(bundle.name() + ".weights.bin");
        Files.write(weightsFile, weights);
        written.add(new Written(weightsFile, weights.length));
        return written;
    }
}
