package dev.glint.ir.onnx;

import static dev.glint.ir.onnx.TestModels.input;
import static dev.glint.ir.onnx.TestModels.model;
import static dev.glint.ir.onnx.TestModels.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.OperatorSetIdProto;
import dev.glint.ir.onnx.proto.Onnx.StringStringEntryProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer's answers to models it cannot or must not import: one clear line each. */
class OnnxImporterErrorsTest {
    private static byte[] reluModel() {
        return model(13, List.of(node("Relu", List.of("x"), List.of("y"))), List.of(input("x", 1, 4)), List.of("y"),
                List.of());
    }

    @Test
    void unknownOperatorIsNamedWithDomainOpsetAndNode() {
        byte[] bytes = model(13, List.of(node("Frobnicate", List.of("x"), List.of("y"))), List.of(input("x", 1, 4)),
                List.of("y"), List.of());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: unsupported operator 'Frobnicate' (domain 'ai.onnx', opset 13) at node 'n_y'",
                e.getMessage());
        assertEquals("operator 'Frobnicate'", e.feature());
    }

    @Test
    void operatorOfAnotherDomainIsUnsupportedEvenWithAKnownName() {
        NodeProto relu = node("Relu", List.of("x"), List.of("y")).toBuilder().setDomain("com.microsoft").build();
        ModelProto m = TestModels.modelProto(13, List.of(relu), List.of(input("x", 1, 4)), List.of("y"), List.of())
                .toBuilder().addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .build();
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxImporter.load(m.toByteArray(), "m.onnx"));
        assertEquals("m.onnx: unsupported operator 'Relu' (domain 'com.microsoft', opset 1) at node 'n_y'",
                e.getMessage());
    }

    @Test
    void truncatedFileIsNotAValidModel(@TempDir Path dir) throws Exception {
        byte[] bytes = reluModel();
        Path file = dir.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(file));
        assertTrue(e.getMessage().startsWith("not a valid ONNX model: " + file), e.getMessage());
    }

    @Test
    void textFileIsNotAValidModel() {
        byte[] text = "this is not a model\n".getBytes(StandardCharsets.UTF_8);
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(text, "notes.txt"));
        assertTrue(e.getMessage().startsWith("not a valid ONNX model: notes.txt"), e.getMessage());
    }

    @Test
    void missingFileIsOneLine() {
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(Path.of("no/such.onnx")));
        assertEquals("no/such.onnx: no such file", e.getMessage());
    }

    @Test
    void hugeForgedDimensionIsAnErrorNotAnAllocation() {
        TensorProto forged = TestModels.floats("w", new long[] {1L << 40}, 1f);
        byte[] bytes = model(13, List.of(node("Add", List.of("x", "w"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of(forged));
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: initializer 'w': "), e.getMessage());
    }

    @Test
    void dimsThatFitAnArrayButNotTheDataAreAnError() {
        // 2e9 elements would be 8 GB of floats; the 4 bytes present must be noticed before allocating.
        TensorProto forged = TestModels.floats("w", new long[] {50_000, 40_000}, 1f);
        byte[] bytes = model(13, List.of(node("Add", List.of("x", "w"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of(forged));
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: initializer 'w': raw_data holds 4 bytes but dims [50000, 40000] of FLOAT need 8000000000",
                e.getMessage());
    }

    @Test
    void typedFieldShorterThanDimsIsAnError() {
        TensorProto t = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1000).addFloatData(1f).build();
        byte[] bytes = model(13, List.of(node("Add", List.of("x", "w"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of(t));
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: initializer 'w': float_data holds 1 values but dims [1000] need 1000", e.getMessage());
    }

    @Test
    void unsupportedElementTypeNamesTensorAndType() {
        TensorProto half = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .addDims(1).setRawData(ByteString.copyFrom(new byte[2])).build();
        byte[] bytes = model(13, List.of(node("Add", List.of("x", "w"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of(half));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: initializer 'w': element type FLOAT16 is not supported"),
                e.getMessage());
    }

    @Test
    void externalDataIsRejectedClearly() {
        TensorProto ext = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(4).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin")).build();
        byte[] bytes = model(13, List.of(node("Add", List.of("x", "w"), List.of("y"))), List.of(input("x", 4)),
                List.of("y"), List.of(ext));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertTrue(e.getMessage().contains("initializer 'w'") && e.getMessage().contains("EXTERNAL"), e.getMessage());
    }

    @Test
    void opsetOutsideTheSupportedRangeIsUnsupported() {
        byte[] bytes = model(5, List.of(node("Relu", List.of("x"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("opset 5", e.feature());
    }

    @Test
    void symbolicLeadingDimensionBecomesOne() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("x"), List.of("y"))), List.of(input("x", "batch", 4)),
                List.of("y"), List.of());
        Graph g = OnnxImporter.load(bytes, "m.onnx");
        assertArrayEquals(new int[] {1, 4}, g.inputs().get(0).type().shape());
    }

    @Test
    void symbolicInnerDimensionNeedsAGivenShape() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("x"), List.of("y"))),
                List.of(input("x", "batch", "height")), List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertEquals("m.onnx: graph input 'x': dimension 1 ('height') is symbolic; give the input's shape explicitly",
                e.getMessage());
        Graph g = OnnxImporter.load(bytes, "m.onnx", Map.of("x", new int[] {2, 7}));
        assertArrayEquals(new int[] {2, 7}, g.inputs().get(0).type().shape());
    }

    @Test
    void givenShapeMustAgreeWithDeclaredSizesAndNameAnInput() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("x"), List.of("y"))), List.of(input("x", "n", 4)),
                List.of("y"), List.of());
        GlintException wrongDim = assertThrows(GlintException.class,
                () -> OnnxImporter.load(bytes, "m.onnx", Map.of("x", new int[] {1, 5})));
        assertTrue(wrongDim.getMessage().contains("dimension 1 is 4 in the model but 5"), wrongDim.getMessage());
        GlintException unknown = assertThrows(GlintException.class,
                () -> OnnxImporter.load(bytes, "m.onnx", Map.of("z", new int[] {1})));
        assertTrue(unknown.getMessage().contains("'z', which is not a graph input"), unknown.getMessage());
    }

    @Test
    void usedMaxPoolIndicesAreUnsupportedUnusedAreIgnored() {
        NodeProto pool = node("MaxPool", List.of("x"), List.of("y", "idx"), TestModels.ints("kernel_shape", 2, 2));
        byte[] used = model(13, List.of(pool), List.of(input("x", 1, 1, 4, 4)), List.of("y", "idx"), List.of());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> OnnxImporter.load(used, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: MaxPool node 'n_y': its second output 'Indices' ('idx') is used"),
                e.getMessage());
        byte[] unused = model(13, List.of(pool), List.of(input("x", 1, 1, 4, 4)), List.of("y"), List.of());
        assertEquals("MaxPool", OnnxImporter.load(unused, "m.onnx").outputs().get(0).node().op());
    }

    @Test
    void shapeErrorsFromTheIrNameFileAndNode() {
        byte[] bytes = model(13, List.of(node("MatMul", List.of("a", "b"), List.of("y"))),
                List.of(input("a", 2, 3), input("b", 4, 5)), List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: at node 'n_y' (MatMul): "), e.getMessage());
        assertTrue(e.getMessage().contains("inner dimensions differ"), e.getMessage());
    }

    @Test
    void undefinedInputIsReported() {
        byte[] bytes = model(13, List.of(node("Relu", List.of("nowhere"), List.of("y"))), List.of(input("x", 1)),
                List.of("y"), List.of());
        GlintException e = assertThrows(GlintException.class, () -> OnnxImporter.load(bytes, "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: Relu node 'n_y': input 'nowhere' is not defined"), e.getMessage());
    }
}
