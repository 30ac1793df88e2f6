package dev.glint.cli;

import dev.glint.ir.GlintException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files of the shipped example model ({@code examples/digits}) are. The launcher passes the
 * repository root as {@code -Dglint.home}; without it (tests, an IDE), the working directory and its
 * ancestors are searched.
 */
record DemoModel(Path folder) {
    static final String FOLDER = "examples/digits";

    Path model() {
        return folder.resolve("digits-cnn.onnx");
    }

    Path calibrationImages() {
        return folder.resolve("digits-calibration-images.npy");
    }

    Path testImages() {
        return folder.resolve("digits-test-images.npy");
    }

    Path testLabels() {
        return folder.resolve("digits-test-labels.npy");
    }

    /** Finds {@code examples/digits}; a GlintException saying where it looked when it is nowhere. */
    static DemoModel locate() {
        String home = System.getProperty("glint.home");
        if (home != null && isDemoFolder(Path.of(home).resolve(FOLDER))) {
            return new DemoModel(Path.of(home).resolve(FOLDER).normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isDemoFolder(p.resolve(FOLDER))) {
                return new DemoModel(p.resolve(FOLDER));
            }
        }
        throw new GlintException("demo: " + FOLDER + "/digits-cnn.onnx not found"
                + (home != null ? " under " + home : "") + " nor in the working directory or its parents");
    }

    private static boolean isDemoFolder(Path folder) {
        return Files.isRegularFile(folder.resolve("digits-cnn.onnx"));
    }
}
