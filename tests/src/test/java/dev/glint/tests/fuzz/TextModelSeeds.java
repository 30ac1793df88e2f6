package dev.glint.tests.fuzz;

import com.google.protobuf.TextFormat;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns an ONNX model in protobuf text format (Glow's {@code .onnxtxt} operator models) into the binary
 * form the importer reads, so those models can seed fuzzing too: they use operators the conformance
 * suites do not (ConstantOfShape, Gather, Range, Expand, ...). Fields outside Glint's subset of onnx.proto
 * are skipped, as the binary parser skips them.
 */
final class TextModelSeeds {
    private static final TextFormat.Parser PARSER = TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build();

    private TextModelSeeds() {}

    /** The binary model, or null when the text is not a model this parser understands. */
    static byte[] binary(Path textModel) {
        try {
            ModelProto.Builder b = ModelProto.newBuilder();
            PARSER.merge(Files.readString(textModel, StandardCharsets.UTF_8), b);
            return b.build().toByteArray();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
