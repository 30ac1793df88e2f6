package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.onnx.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model loader the command line uses by default: checks that the file is there and readable (so
 * that the message is about the file, whatever the format), then imports it as ONNX.
 */
public final class ModelLoading {
    private ModelLoading() {}

    /** The default loader for {@code .onnx} files. */
    public static ModelLoader onnx() {
        return path -> {
            requireReadableFile(path);
            return importOnnx(path);
        };
    }

    /** Throws a one-line {@link GlintException} unless {@code path} is a readable regular file. */
    public static void requireReadableFile(Path path) {
        if (!Files.exists(path)) {
            throw new GlintException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new GlintException(path + ": is a directory, not a model file");
        }
        if (!Files.isReadable(path)) {
            throw new GlintException(path + ": permission denied");
        }
    }

    private static Graph importOnnx(Path path) {
        return OnnxImporter.load(path);
    }
}
