package dev.glint.api;

import dev.glint.cli.ModelHash;
import dev.glint.cli.ModelLoading;
import dev.glint.ir.Graph;
import dev.glint.ir.passes.Canonicalization;
import java.nio.file.Path;

/**
 * The entry point of the Java API: {@code Glint.load(path)} reads an ONNX model. Everything else hangs off
 * the returned {@link Model}:
 *
 * <pre>{@code
 * try (var net = Glint.load(path).quantize(profile).compileJit()) {
 *     float[] out = net.run(input);
 * }
 * }</pre>
 *
 * This class has no state; its methods may be called from any thread.
 */
public final class Glint {
    private Glint() {}

    /**
     * Reads an ONNX model and canonicalizes it (BatchNorm folding, fully-connected fusion, constant
     * folding), as every {@code glint} command does.
     *
     * @throws dev.glint.ir.GlintException when the file is missing, unreadable or not a model Glint imports
     */
    public static Model load(Path onnxFile) {
        ModelLoading.requireReadableFile(onnxFile);
        Graph graph = ModelLoading.onnx().load(onnxFile);
        Canonicalization.standardPipeline().run(graph);
        return Model.floating(onnxFile, ModelHash.of(onnxFile), graph);
    }

    /** {@link #load(Path)} for a path given as a string. */
    public static Model load(String onnxFile) {
        return load(Path.of(onnxFile));
    }
}
