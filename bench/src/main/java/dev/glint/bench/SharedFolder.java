package dev.glint.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared test material: {@code -Dglint.shared}, {@code $GLINT_SHARED}, or {@code ../shared}. */
final class SharedFolder {
    private SharedFolder() {}

    static Path locate() {
        String prop = System.getProperty("glint.shared");
        String env = System.getenv("GLINT_SHARED");
        Path p = prop != null ? Path.of(prop) : env != null ? Path.of(env) : Path.of("..", "shared");
        if (!Files.isDirectory(p.resolve("models"))) {
            throw new IllegalStateException("shared material not found at " + p.toAbsolutePath()
                    + " (set -Dglint.shared or GLINT_SHARED)");
        }
        return p;
    }
}
