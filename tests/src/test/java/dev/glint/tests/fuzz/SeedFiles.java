package dev.glint.tests.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the real files a fuzz test mutates. */
final class SeedFiles {
    private SeedFiles() {}

    /** The files below {@code root} whose names end with {@code suffix}, sorted; none when root is absent. */
    static List<Path> under(Path root, String suffix) {
        if (!Files.isDirectory(root)) {
            return new ArrayList<>();
        }
        // the real path: a root that is a symbolic link (a linked ../shared) would otherwise not be descended into
        try (Stream<Path> s = Files.walk(root.toRealPath())) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
