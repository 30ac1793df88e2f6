package dev.glint.ir.onnx;

import static dev.glint.ir.onnx.TestModels.attr;
import static dev.glint.ir.onnx.TestModels.floats;
import static dev.glint.ir.onnx.TestModels.inDomain;
import static dev.glint.ir.onnx.TestModels.input;
import static dev.glint.ir.onnx.TestModels.integers;
import static dev.glint.ir.onnx.TestModels.longs;
import static dev.glint.ir.onnx.TestModels.node;
import static dev.glint.ir.onnx.TestModels.scalar;
import static dev.glint.ir.onnx.TestModels.valueInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.Verifier;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.proto.Onnx.ModelProto;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Import of ONNX's quantized operators (QuantizeLinear, DequantizeLinear, QLinearConv, QLinearMatMul,
 * ConvInteger, MatMulInteger and the com.microsoft QLinear operators) into quantized IR: the types the
 * values get, what the graph computes (expected values worked out by hand in the comments), and the
 * errors for parameters Glint cannot or will not represent.
 */
class OnnxQuantizedOpsTest {
    private static final int U8 = DataType.UINT8_VALUE;
    private static final int I8 = DataType.INT8_VALUE;
    private static final int I32 = DataType.INT32_VALUE;
    private static final String MS = "com.microsoft";

    private static ModelProto modelProto(int opset, List<NodeProto> nodes, List<ValueInfoProto> inputs,
            List<String> outputs, TensorProto... initializers) {
        return TestModels.modelProto(opset, nodes, inputs, outputs, List.of(initializers));
    }

    private static Graph load(int opset, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<String> outputs,
            TensorProto... initializers) {
        Graph g = OnnxImporter.load(modelProto(opset, nodes, inputs, outputs, initializers).toByteArray(), "q.onnx");
        Verifier.verify(g);
        return g;
    }

    /** A model of one com.microsoft node (the domain imported at version 1). */
    private static Graph loadMicrosoft(NodeProto node, List<ValueInfoProto> inputs, TensorProto... initializers) {
        ModelProto m = TestModels.withDomain(modelProto(13, List.of(inDomain(MS, node)), inputs,
                List.of(node.getOutput(0)), initializers), MS, 1);
        Graph g = OnnxImporter.load(m.toByteArray(), "q.onnx");
        Verifier.verify(g);
        return g;
    }

    private static Node output(Graph g) {
        return g.outputs().get(0).node();
    }

    private static Tensor run(Graph g, String inputName, Tensor value) {
        return Interpreter.run(g, Map.of(inputName, value)).get(g.outputs().get(0).name());
    }

    /** Plain integers, as a caller feeds them (no quantization parameters). */
    private static Tensor plain(ElemKind kind, int[] shape, int... values) {
        return Tensor.ofInts(TensorType.of(kind, shape), values);
    }

    private static ValueInfoProto u8Input(String name, Object... dims) {
        return valueInfo(name, U8, dims);
    }

    // ---- QuantizeLinear ----

    @Test
    void quantizeLinearWithoutZeroPointIsUint8WithOffsetZeroAndRoundsHalfToEven() {
        Graph g = load(13, List.of(node("QuantizeLinear", List.of("x", "s"), List.of("y"))), List.of(input("x", 5)),
                List.of("y"), scalar("s", 0.5f));
        assertEquals("u8[5]{scale=0.5,offset=0}", output(g).type().toString());
        assertEquals("Quantize", output(g).op());
        // x / 0.5 = -2, 0.5, 1.5, 2.5, 400 -> rint -2, 0, 2, 2, 400 -> saturated to [0, 255].
        Tensor y = run(g, "x", Tensor.ofFloats(new float[] {-1f, 0.25f, 0.75f, 1.25f, 200f}, 5));
        assertArrayEquals(new int[] {0, 0, 2, 2, 255}, y.ints());
    }

    @Test
    void quantizeLinearOutputDtypeChoosesTheKindWithoutZeroPoint() {
        NodeProto q = node("QuantizeLinear", List.of("x", "s"), List.of("y"), attr("output_dtype", (long) I8));
        Graph g = load(21, List.of(q), List.of(input("x", 2)), List.of("y"), scalar("s", 0.5f));
        assertEquals("i8[2]{scale=0.5,offset=0}", output(g).type().toString());
        assertArrayEquals(new int[] {-128, 2}, run(g, "x", Tensor.ofFloats(new float[] {-100f, 1f}, 2)).ints());
    }

    @Test
    void quantizeLinearPerAxisWithNegativeAxis() {
        Graph g = load(13, List.of(node("QuantizeLinear", List.of("x", "s", "z"), List.of("y"), attr("axis", -2L))),
                List.of(input("x", 1, 2, 2)), List.of("y"),
                floats("s", new long[] {2}, 1f, 2f), integers("z", I8, new long[] {2}, 0, -10));
        assertEquals("i8[1,2,2]{axis=1,scale=[1.0,2.0],offset=[0,-10]}", output(g).type().toString());
        // channel 0: rint(1.5) = 2, rint(-2.5) = -2; channel 1: 4/2 = 2 and rint(2.5) = 2, each - 10.
        Tensor y = run(g, "x", Tensor.ofFloats(new float[] {1.5f, -2.5f, 4f, 5f}, 1, 2, 2));
        assertArrayEquals(new int[] {2, -2, -8, -8}, y.ints());
    }

    @Test
    void blockedQuantizationIsUnsupported() {
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(21,
                List.of(node("QuantizeLinear", List.of("x", "s"), List.of("y"), attr("block_size", 2L))),
                List.of(input("x", 2, 4)), List.of("y"), floats("s", new long[] {2, 2}, 1f, 1f, 1f, 1f)));
        assertEquals("blocked quantization", e.feature());
        assertTrue(e.getMessage().startsWith("q.onnx: QuantizeLinear node 'n_y': block_size 2"), e.getMessage());
    }

    @Test
    void perAxisScaleMustFitTheAxis() {
        GlintException e = assertThrows(GlintException.class, () -> load(13,
                List.of(node("QuantizeLinear", List.of("x", "s"), List.of("y"))), List.of(input("x", 1, 2)),
                List.of("y"), floats("s", new long[] {3}, 1f, 1f, 1f)));
        assertEquals("q.onnx: QuantizeLinear node 'n_y': y_scale has 3 values but axis 1 of y [1, 2] has extent 2",
                e.getMessage());
    }

    @Test
    void scaleMustBePositive() {
        GlintException e = assertThrows(GlintException.class, () -> load(13,
                List.of(node("QuantizeLinear", List.of("x", "s"), List.of("y"))), List.of(input("x", 2)),
                List.of("y"), scalar("s", 0f)));
        assertTrue(e.getMessage().endsWith("y_scale must be positive and finite, got 0.0"), e.getMessage());
    }

    // ---- DequantizeLinear ----

    @Test
    void dequantizeLinearGivesAPlainIntegerGraphInputItsParameters() {
        Graph g = load(13, List.of(node("DequantizeLinear", List.of("x", "s", "z"), List.of("y"))),
                List.of(u8Input("x", 3)), List.of("y"), scalar("s", 2f), scalar("z", U8, 128));
        assertEquals("u8[3]{scale=2.0,offset=128}", g.inputs().get(0).type().toString());
        assertEquals("f32[3]", output(g).type().toString());
        // The caller feeds plain uint8; the input's declared parameters apply: (q - 128) * 2.
        Tensor y = run(g, "x", plain(ElemKind.UINT8, new int[] {3}, 0, 128, 255));
        assertArrayEquals(new float[] {-256f, 0f, 254f}, y.floats());
    }

    @Test
    void dequantizeLinearWithoutZeroPointKeepsTheInputKindAndOffsetZero() {
        Graph g = load(13, List.of(node("DequantizeLinear", List.of("x", "s"), List.of("y"))),
                List.of(valueInfo("x", I8, 2)), List.of("y"), scalar("s", 0.5f));
        assertEquals("i8[2]{scale=0.5,offset=0}", g.inputs().get(0).type().toString());
        Tensor y = run(g, "x", plain(ElemKind.INT8, new int[] {2}, -128, 127));
        assertArrayEquals(new float[] {-64f, 63.5f}, y.floats());
    }

    @Test
    void dequantizeLinearOfAnInt32ConstantFoldsToFloats() {
        Graph g = load(13, List.of(node("DequantizeLinear", List.of("b", "s"), List.of("y"))), List.of(),
                List.of("y"), integers("b", I32, new long[] {2}, 10, -4), scalar("s", 0.5f));
        assertTrue(output(g).isConstant());
        assertArrayEquals(new float[] {5f, -2f}, ((dev.glint.ir.ConstantNode) output(g)).value().floats());
    }

    @Test
    void dequantizeLinearPerAxis() {
        Graph g = load(13, List.of(node("DequantizeLinear", List.of("x", "s", "z"), List.of("y"), attr("axis", 0L))),
                List.of(u8Input("x", 2, 2)), List.of("y"), floats("s", new long[] {2}, 1f, 0.5f),
                integers("z", U8, new long[] {2}, 0, 100));
        assertEquals("u8[2,2]{axis=0,scale=[1.0,0.5],offset=[0,100]}", g.inputs().get(0).type().toString());
        Tensor y = run(g, "x", plain(ElemKind.UINT8, new int[] {2, 2}, 1, 2, 100, 104));
        assertArrayEquals(new float[] {1f, 2f, 0f, 2f}, y.floats());
    }

    @Test
    void runTimeScaleIsUnsupported() {
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13,
                List.of(node("DequantizeLinear", List.of("x", "s"), List.of("y"))),
                List.of(u8Input("x", 2), input("s")), List.of("y")));
        assertEquals("DequantizeLinear with a run-time x_scale", e.feature());
        assertTrue(e.getMessage().contains("input 's' (x_scale) must be known at import time"), e.getMessage());
    }

    @Test
    void zeroPointOfAnotherKindThanTheValueIsAnError() {
        GlintException e = assertThrows(GlintException.class, () -> load(13,
                List.of(node("DequantizeLinear", List.of("x", "s", "z"), List.of("y"))), List.of(u8Input("x", 2)),
                List.of("y"), scalar("s", 1f), scalar("z", I8, 0)));
        assertEquals("q.onnx: DequantizeLinear node 'n_y': input 'x' is u8[2] but is read as i8 (the type of its "
                + "zero point)", e.getMessage());
    }

    // ---- consistency of parameters ----

    @Test
    void readersThatAgreeShareTheGraphInput() {
        Graph g = load(13, List.of(node("DequantizeLinear", List.of("x", "s", "z"), List.of("a")),
                        node("DequantizeLinear", List.of("x", "s", "z"), List.of("b")),
                        node("Add", List.of("a", "b"), List.of("y"))),
                List.of(u8Input("x", 2)), List.of("y"), scalar("s", 0.5f), scalar("z", U8, 1));
        assertArrayEquals(new float[] {0f, 2f}, run(g, "x", plain(ElemKind.UINT8, new int[] {2}, 1, 3)).floats());
    }

    @Test
    void readersThatDisagreeAboutAGraphInputAreAnErrorNamingTheValueAndBoth() {
        GlintException e = assertThrows(GlintException.class, () -> load(13,
                List.of(node("DequantizeLinear", List.of("x", "s1"), List.of("a")),
                        node("DequantizeLinear", List.of("x", "s2"), List.of("b"))),
                List.of(u8Input("x", 2)), List.of("a", "b"), scalar("s1", 0.5f), scalar("s2", 0.25f)));
        assertFalse(e instanceof UnsupportedOnnxException);
        assertEquals("q.onnx: DequantizeLinear node 'n_b': reads 'x' as u8[2]{scale=0.25,offset=0}, but node 'n_a' "
                + "reads it as u8[2]{scale=0.5,offset=0}; Glint does not reinterpret integers with other quantization "
                + "parameters", e.getMessage());
    }

    @Test
    void readerThatDisagreesWithTheProducerIsAnErrorNamingTheValue() {
        GlintException e = assertThrows(GlintException.class, () -> load(13,
                List.of(node("QuantizeLinear", List.of("x", "s1"), List.of("q")),
                        node("DequantizeLinear", List.of("q", "s2"), List.of("y"))),
                List.of(input("x", 2)), List.of("y"), scalar("s1", 0.5f), scalar("s2", 0.25f)));
        assertFalse(e instanceof UnsupportedOnnxException);
        assertEquals("q.onnx: DequantizeLinear node 'n_y': reads 'q' as u8[2]{scale=0.25,offset=0}, but node 'n_q' "
                + "produces it as u8[2]{scale=0.5,offset=0}; Glint does not reinterpret integers with other "
                + "quantization parameters", e.getMessage());
    }

    @Test
    void reshapeKeepsTheParametersOfItsQuantizedInput() {
        Graph g = load(13, List.of(node("QuantizeLinear", List.of("x", "s"), List.of("q")),
                        node("Reshape", List.of("q", "shape"), List.of("r")),
                        node("DequantizeLinear", List.of("r", "s"), List.of("y"))),
                List.of(input("x", 2, 2)), List.of("y"), scalar("s", 0.5f), longs("shape", 4));
        assertEquals("u8[4]{scale=0.5,offset=0}", g.find("r").type().toString());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 127.5f},
                run(g, "x", Tensor.ofFloats(new float[] {0f, 0.5f, 1f, 500f}, 2, 2)).floats());
    }

    @Test
    void maxPoolKeepsTheParametersOfItsQuantizedInput() {
        Graph g = load(13, List.of(node("QuantizeLinear", List.of("x", "s", "z"), List.of("q")),
                        node("MaxPool", List.of("q"), List.of("p"), TestModels.ints("kernel_shape", 2)),
                        node("DequantizeLinear", List.of("p", "s", "z"), List.of("y"))),
                List.of(input("x", 1, 1, 4)), List.of("y"), scalar("s", 0.5f), scalar("z", I8, -3));
        assertEquals("i8[1,1,3]{scale=0.5,offset=-3}", g.find("p").type().toString());
        Tensor y = run(g, "x", Tensor.ofFloats(new float[] {-1f, 2f, 0.5f, 100f}, 1, 1, 4));
        assertArrayEquals(new float[] {2f, 2f, 65f}, y.floats()); // 100 saturates at code 127: (127 + 3) * 0.5
    }

    @Test
    void concatOfEquallyQuantizedInputsKeepsTheirParametersOtherwiseItYieldsPlainIntegers() {
        List<NodeProto> nodes = List.of(node("QuantizeLinear", List.of("a", "s"), List.of("qa")),
                node("QuantizeLinear", List.of("b", "t"), List.of("qb")),
                node("Concat", List.of("qa", "qb"), List.of("c"), attr("axis", 0L)),
                node("DequantizeLinear", List.of("c", "s"), List.of("y")));
        Graph same = load(13, nodes, List.of(input("a", 1), input("b", 1)), List.of("y"), scalar("s", 0.5f),
                scalar("t", 0.5f));
        assertEquals("u8[2]{scale=0.5,offset=0}", same.find("c").type().toString());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13, nodes,
                List.of(input("a", 1), input("b", 1)), List.of("y"), scalar("s", 0.5f), scalar("t", 0.25f)));
        assertEquals("quantization parameters for a computed plain-integer value", e.feature());
    }

    @Test
    void parametersForAComputedPlainIntegerValueAreUnsupported() {
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13,
                List.of(node("Reshape", List.of("x", "shape"), List.of("r")),
                        node("DequantizeLinear", List.of("r", "s"), List.of("y"))),
                List.of(u8Input("x", 2, 2)), List.of("y"), scalar("s", 0.5f), longs("shape", 4)));
        assertEquals("quantization parameters for a computed plain-integer value", e.feature());
    }

    @Test
    void plainIntegerArithmeticIsUnsupported() {
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13,
                List.of(node("Add", List.of("a", "b"), List.of("y"))), List.of(u8Input("a", 2), u8Input("b", 2)),
                List.of("y")));
        assertEquals("integer arithmetic without quantization parameters", e.feature());
        assertEquals("q.onnx: Add node 'n_y': input 'a' is u8[2] without quantization parameters; Glint computes on "
                + "integers only as quantized values (with a scale and zero point)", e.getMessage());
    }

    // ---- QLinearConv, QLinearMatMul ----

    @Test
    void qlinearConvWithPerChannelWeightsAndBias() {
        NodeProto conv = node("QLinearConv", List.of("x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "B"), List.of("y"));
        Graph g = load(13, List.of(conv), List.of(u8Input("x", 1, 1, 2, 2)), List.of("y"),
                scalar("xs", 0.5f), scalar("xz", U8, 10),
                integers("w", I8, new long[] {2, 1, 1, 1}, 2, -3), floats("ws", new long[] {2}, 0.25f, 0.5f),
                integers("wz", I8, new long[] {2}, 0, 1),
                scalar("ys", 1f), scalar("yz", U8, 100), integers("B", I32, new long[] {2}, 4, -2));
        Node y = output(g);
        assertEquals("Conv", y.op());
        assertEquals("u8[1,2,2,2]{scale=1.0,offset=100}", y.type().toString());
        assertEquals("u8[1,1,2,2]{scale=0.5,offset=10}", y.input(0).type().toString());
        assertEquals("i8[2,1,1,1]{axis=0,scale=[0.25,0.5],offset=[0,1]}", y.input(1).type().toString());
        assertEquals("i32[2]{axis=0,scale=[0.125,0.25],offset=[0,0]}", y.input(2).type().toString());
        assertEquals("w", y.input(1).name(), "the quantized weights keep the initializer's name");
        // x - 10 = [0, 2, 10, -4]. Channel 0: 4 + 2 * that = [4, 8, 24, -4], times 0.5 * 0.25 = 0.125 gives
        // [0.5, 1, 3, -0.5] -> [0, 1, 3, 0] + 100. Channel 1: -2 + (-3 - 1) * that = [-2, -10, -42, 14], times
        // 0.25 gives [-0.5, -2.5, -10.5, 3.5] -> [0, -2, -10, 4] + 100.
        Tensor out = run(g, "x", plain(ElemKind.UINT8, new int[] {1, 1, 2, 2}, 10, 12, 20, 6));
        assertArrayEquals(new int[] {100, 101, 103, 100, 100, 98, 90, 104}, out.ints());
    }

    @Test
    void qlinearMatMulWithPerColumnRightOperand() {
        NodeProto mm = node("QLinearMatMul", List.of("a", "as", "az", "b", "bs", "bz", "ys", "yz"), List.of("y"));
        Graph g = load(13, List.of(mm), List.of(u8Input("a", 1, 2)), List.of("y"),
                scalar("as", 1f), scalar("az", U8, 0),
                integers("b", I8, new long[] {2, 2}, 1, 2, 3, 4), floats("bs", new long[] {2}, 1f, 0.5f),
                integers("bz", I8, new long[] {2}, 0, 2), scalar("ys", 1f), scalar("yz", U8, 0));
        Node y = output(g);
        assertEquals("MatMul", y.op());
        assertEquals("i8[2,2]{axis=1,scale=[1.0,0.5],offset=[0,2]}", y.input(1).type().toString());
        // Column 0: 3*1 + 5*3 = 18, times 1. Column 1: 3*(2-2) + 5*(4-2) = 10, times 0.5 = 5.
        assertArrayEquals(new int[] {18, 5}, run(g, "a", plain(ElemKind.UINT8, new int[] {1, 2}, 3, 5)).ints());
    }

    @Test
    void qlinearMatMulWithPerRowLeftOperandIsUnsupported() {
        NodeProto mm = node("QLinearMatMul", List.of("a", "as", "az", "b", "bs", "bz", "ys", "yz"), List.of("y"));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13, List.of(mm),
                List.of(u8Input("a", 2, 2)), List.of("y"),
                floats("as", new long[] {2}, 1f, 2f), integers("az", U8, new long[] {2}, 0, 0),
                integers("b", I8, new long[] {2, 1}, 1, 2), scalar("bs", 1f), scalar("bz", I8, 0),
                scalar("ys", 1f), scalar("yz", U8, 0)));
        assertEquals("QLinearMatMul with per-axis a parameters", e.feature());
    }

    // ---- ConvInteger, MatMulInteger ----

    @Test
    void convIntegerGivesRawInt32AccumulatorsWithPerChannelZeroPoints() {
        NodeProto conv = node("ConvInteger", List.of("x", "w", "xz", "wz"), List.of("y"));
        Graph g = load(10, List.of(conv), List.of(u8Input("x", 1, 1, 2, 2)), List.of("y"),
                integers("w", U8, new long[] {2, 1, 1, 1}, 3, 2), scalar("xz", U8, 1),
                integers("wz", U8, new long[] {2}, 0, 1));
        Node y = output(g);
        assertEquals("Conv", y.op());
        assertEquals("i32[1,2,2,2]", y.type().toString());
        assertNull(y.type().quant());
        // x - 1 = [0, 1, 2, 254]; channel 0 times 3 - 0, channel 1 times 2 - 1.
        Tensor out = run(g, "x", plain(ElemKind.UINT8, new int[] {1, 1, 2, 2}, 1, 2, 3, 255));
        assertArrayEquals(new int[] {0, 3, 6, 762, 0, 1, 2, 254}, out.ints());
    }

    @Test
    void matMulIntegerGivesRawInt32AccumulatorsWithDefaultZeroPoint() {
        NodeProto mm = node("MatMulInteger", List.of("a", "b", "az"), List.of("y"));
        Graph g = load(10, List.of(mm), List.of(u8Input("a", 2, 2)), List.of("y"),
                integers("b", I8, new long[] {2, 1}, -1, 2), scalar("az", U8, 1));
        assertEquals("i32[2,1]", output(g).type().toString());
        // a - 1 = [[0, 1], [2, 3]] times [-1, 2]^T.
        assertArrayEquals(new int[] {2, 4}, run(g, "a", plain(ElemKind.UINT8, new int[] {2, 2}, 1, 2, 3, 4)).ints());
    }

    @Test
    void matMulIntegerWithPerRowZeroPointIsUnsupported() {
        NodeProto mm = node("MatMulInteger", List.of("a", "b", "az"), List.of("y"));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(10, List.of(mm),
                List.of(u8Input("a", 2, 2)), List.of("y"), integers("b", I8, new long[] {2, 1}, -1, 2),
                integers("az", U8, new long[] {2}, 1, 2)));
        assertEquals("MatMulInteger with per-axis a parameters", e.feature());
    }

    // ---- com.microsoft ----

    @Test
    void microsoftQLinearAddOfAGraphInputAndAConstant() {
        NodeProto add = node("QLinearAdd", List.of("a", "as", "az", "b", "bs", "bz", "cs", "cz"), List.of("c"));
        Graph g = loadMicrosoft(add, List.of(u8Input("a", 2)), scalar("as", 0.5f), scalar("az", U8, 0),
                integers("b", U8, new long[] {2}, 4, 8), scalar("bs", 0.25f), scalar("bz", U8, 0),
                scalar("cs", 1f), scalar("cz", U8, 10));
        assertEquals("Add", output(g).op());
        assertEquals("u8[2]{scale=1.0,offset=10}", output(g).type().toString());
        // a = [1, 2] and b = [1, 2] in reals; the sums 2 and 4 are codes 12 and 14.
        assertArrayEquals(new int[] {12, 14}, run(g, "a", plain(ElemKind.UINT8, new int[] {2}, 2, 4)).ints());
    }

    @Test
    void microsoftQLinearGlobalAveragePool() {
        NodeProto gap = node("QLinearGlobalAveragePool", List.of("x", "xs", "xz", "ys", "yz"), List.of("y"));
        Graph g = loadMicrosoft(gap, List.of(u8Input("x", 1, 1, 2, 2)), scalar("xs", 1f), scalar("xz", U8, 0),
                scalar("ys", 0.5f), scalar("yz", U8, 0));
        assertEquals("u8[1,1,1,1]{scale=0.5,offset=0}", output(g).type().toString());
        // mean 11/4 = 2.75 is 5.5 steps of 0.5: rounds to 6.
        assertArrayEquals(new int[] {6}, run(g, "x", plain(ElemKind.UINT8, new int[] {1, 1, 2, 2}, 1, 2, 3, 5)).ints());
    }

    @Test
    void microsoftQLinearGlobalAveragePoolChannelsLastIsUnsupported() {
        NodeProto gap = node("QLinearGlobalAveragePool", List.of("x", "xs", "xz", "ys", "yz"), List.of("y"),
                attr("channels_last", 1L));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> loadMicrosoft(gap,
                List.of(u8Input("x", 1, 2, 2, 1)), scalar("xs", 1f), scalar("xz", U8, 0), scalar("ys", 1f),
                scalar("yz", U8, 0)));
        assertEquals("QLinearGlobalAveragePool channels_last=1", e.feature());
    }

    @Test
    void microsoftQLinearSigmoidAndLeakyReluAreLookupTables() {
        NodeProto sigmoid = node("QLinearSigmoid", List.of("x", "xs", "xz", "ys", "yz"), List.of("y"));
        Graph g = loadMicrosoft(sigmoid, List.of(valueInfo("x", I8, 2)), scalar("xs", 0.1f), scalar("xz", I8, 0),
                scalar("ys", 1f / 256), scalar("yz", I8, -128));
        assertEquals("Sigmoid", output(g).op());
        // sigmoid(0) = 0.5 -> 128 - 128; sigmoid(1.0) = 0.7311 -> rint(187.15) - 128 = 59.
        assertArrayEquals(new int[] {0, 59}, run(g, "x", plain(ElemKind.INT8, new int[] {2}, 0, 10)).ints());
        NodeProto leaky = node("QLinearLeakyRelu", List.of("x", "xs", "xz", "ys", "yz"), List.of("y"),
                attr("alpha", 0.1f));
        g = loadMicrosoft(leaky, List.of(valueInfo("x", I8, 2)), scalar("xs", 1f), scalar("xz", I8, 0),
                scalar("ys", 0.5f), scalar("yz", I8, 0));
        // -10 * 0.1 = -1 and 3 are -2 and 6 steps of 0.5.
        assertArrayEquals(new int[] {-2, 6}, run(g, "x", plain(ElemKind.INT8, new int[] {2}, -10, 3)).ints());
    }

    @Test
    void otherMicrosoftOperatorsAndMicrosoftNamesInTheDefaultDomainAreUnsupported() {
        NodeProto concat = node("QLinearConcat", List.of("x"), List.of("y"));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> loadMicrosoft(concat, List.of(u8Input("x", 2))));
        assertEquals("q.onnx: unsupported operator 'QLinearConcat' (domain 'com.microsoft', opset 1) at node 'n_y'",
                e.getMessage());
        NodeProto add = node("QLinearAdd", List.of("a", "as", "az", "b", "bs", "bz", "cs", "cz"), List.of("c"));
        e = assertThrows(UnsupportedOnnxException.class, () -> load(13, List.of(add), List.of(u8Input("a", 2)),
                List.of("c")));
        assertEquals("operator 'QLinearAdd'", e.feature());
    }
}
