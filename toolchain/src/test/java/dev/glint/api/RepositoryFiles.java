package dev.glint.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root from the module folder Maven runs tests in (or any folder below the root). */
final class RepositoryFiles {
    private RepositoryFiles() {}

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("examples/digits"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (README.md beside examples/digits) not found above "
                + Path.of("").toAbsolutePath());
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
