package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.cli.Main;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Npy;
import dev.glint.ir.onnx.proto.Onnx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real command line on real files: one clear line on standard error, exit status 2,
 * never a stack trace.
 */
class CommandLineErrorsTest {
    @TempDir
    static Path tmp;

    static Path mnist;
    static Path images;

    @BeforeAll
    static void locate() {
        mnist = SharedMaterial.resolve("models/mnist-8/mnist.onnx");
        images = SharedMaterial.resolve("data/mnist-npy/t10k_images.npy");
    }

    private record Run(int status, String out, String err) {}

    private static Run glint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertBadInput(Run r, String... fragments) {
        assertEquals(2, r.status(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line: " + r.err());
        assertTrue(lines[0].startsWith("glint: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
    }

    @Test
    void truncatedModel() throws Exception {
        byte[] all = Files.readAllBytes(mnist);
        Path cut = tmp.resolve("truncated.onnx");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        assertBadInput(glint("inspect", cut.toString()), "truncated.onnx");
    }

    @Test
    void fileThatIsNotOnnx() throws Exception {
        Path text = tmp.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        assertBadInput(glint("inspect", text.toString()), "notes.onnx");
    }

    @Test
    void unsupportedOperatorNamesNodeOpAndOpset() throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(Onnx.GraphProto.newBuilder().setName("g")
                        .addInput(floatInput("x", 1, 4))
                        .addOutput(floatInput("y", 1, 4))
                        .addNode(Onnx.NodeProto.newBuilder().setOpType("Hardmax").setName("hm").addInput("x").addOutput("y")))
                .build();
        Path f = tmp.resolve("hardmax.onnx");
        Files.write(f, m.toByteArray());
        assertBadInput(glint("inspect", f.toString()), "Hardmax", "'hm'", "13");
    }

    private static Onnx.ValueInfoProto.Builder floatInput(String name, int... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)));
    }

    @Test
    void inputOfTheWrongShape() {
        Path x = tmp.resolve("wrong-shape.npy");
        Npy.write(x, Tensor.ofFloats(new float[27 * 27], 1, 27, 27));
        assertBadInput(glint("run", mnist.toString(), "--input", x.toString(), "--out", tmp.resolve("y.npy").toString()),
                "Input3");
    }

    @Test
    void inputOfAnUnsupportedDtype() throws Exception {
        Path x = tmp.resolve("float16.npy");
        byte[] good = Npy.toBytes(Tensor.ofFloats(new float[784], 1, 1, 28, 28));
        String header = new String(good, 10, 118, StandardCharsets.ISO_8859_1).replace("<f4", "<f2");
        byte[] bad = Arrays.copyOf(good, good.length);
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, bad, 10, 118);
        Files.write(x, bad);
        assertBadInput(glint("run", mnist.toString(), "--input", x.toString(), "--out", tmp.resolve("y.npy").toString()),
                "<f2");
    }

    @Test
    void profileOfAnotherModelIsRefusedWithWhatDiffers() {
        Path digits = Path.of(System.getProperty("glint.root", "..")).resolve("examples/digits/digits-cnn.onnx");
        Path calib = digits.resolveSibling("digits-calibration-images.npy");
        Path profile = tmp.resolve("digits.json");
        Run made = glint("profile", digits.toString(), "--data", calib.toString(), "--out", profile.toString(), "--quiet");
        assertEquals(0, made.status(), made.err());
        Path labels = SharedMaterial.resolve("data/mnist-npy/t10k_labels.npy");
        assertBadInput(glint("eval", mnist.toString(), "--profile", profile.toString(), "--data", images.toString(),
                "--labels", labels.toString(), "--limit", "5"), "profile does not fit the model", "model hash differs");
    }

    @Test
    void nonFiniteCalibrationDataAndEmptyDatasets() {
        float[] v = new float[2 * 784];
        v[900] = Float.NaN;
        Path nan = tmp.resolve("nan.npy");
        Npy.write(nan, Tensor.ofFloats(v, 2, 28, 28));
        assertBadInput(glint("profile", mnist.toString(), "--data", nan.toString(), "--out", tmp.resolve("p.json").toString()),
                "NaN");
        Path empty = tmp.resolve("empty.npy");
        Npy.write(empty, Tensor.ofInts(TensorType.of(ElemKind.UINT8, 0, 28, 28), new int[0]));
        assertBadInput(glint("profile", mnist.toString(), "--data", empty.toString(), "--out", tmp.resolve("p.json").toString()),
                "no samples");
    }
}
