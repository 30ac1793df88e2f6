package dev.glint.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the shared, read-only test material (the {@code shared} folder beside the project). Looks at
 * system property {@code glint.shared} (set by this module's surefire configuration), then environment
 * variable {@code GLINT_SHARED}, then a folder named {@code shared} beside the repository root or any of
 * its ancestors (so that git worktrees nested one level deeper find it too).
 */
public final class SharedMaterial {
    private SharedMaterial() {}

    /** The shared material's root folder; fails when it cannot be found. */
    public static Path root() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("glint.shared");
        if (property != null) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv("GLINT_SHARED");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path repo = Path.of(System.getProperty("glint.root", "..")).toAbsolutePath().normalize();
        for (Path p = repo.getParent(); p != null; p = p.getParent()) {
            candidates.add(p.resolve("shared"));
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("onnx-conformance"))) {
                return c.normalize();
            }
        }
        throw new IllegalStateException("shared test material not found; tried " + candidates
                + " (set -Dglint.shared or GLINT_SHARED)");
    }

    /** A path inside the shared material. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
