package dev.glint.ir.onnx;

import static dev.glint.ir.onnx.TestModels.attr;
import static dev.glint.ir.onnx.TestModels.input;
import static dev.glint.ir.onnx.TestModels.ints;
import static dev.glint.ir.onnx.TestModels.longs;
import static dev.glint.ir.onnx.TestModels.model;
import static dev.glint.ir.onnx.TestModels.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.onnx.proto.Onnx.NodeProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How ONNX operators, across opset versions, map onto IR nodes and what they compute. */
class OnnxConvertersTest {
    private static Graph load(int opset, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<String> outputs,
            TensorProto... initializers) {
        return OnnxImporter.load(model(opset, nodes, inputs, outputs, List.of(initializers)), "test.onnx");
    }

    private static Node output(Graph g) {
        return g.outputs().get(0).node();
    }

    private static float[] run(Graph g, String inputName, Tensor value) {
        return Interpreter.run(g, Map.of(inputName, value)).get(g.outputs().get(0).name()).floats();
    }

    private static Tensor ramp(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Tensor.ofFloats(v, shape);
    }

    // ---- auto_pad ----

    private static int[] convPads(String autoPad, int stride) {
        TensorProto w = TestModels.floats("w", new long[] {1, 1, 4, 4}, new float[16]);
        Graph g = load(13, List.of(node("Conv", List.of("x", "w"), List.of("y"), attr("auto_pad", autoPad),
                ints("strides", stride, stride))), List.of(input("x", 1, 1, 5, 5)), List.of("y"), w);
        return output(g).attributes().getIntArray("pads", null);
    }

    @Test
    void autoPadSameUpperPutsTheOddPixelAtTheEnd() {
        // in 5, kernel 4, stride 1: out 5, total padding 3.
        assertArrayEquals(new int[] {1, 1, 2, 2}, convPads("SAME_UPPER", 1));
    }

    @Test
    void autoPadSameLowerPutsTheOddPixelAtTheBeginning() {
        assertArrayEquals(new int[] {2, 2, 1, 1}, convPads("SAME_LOWER", 1));
    }

    @Test
    void autoPadSameWithStrideKeepsCeilOfInputOverStride() {
        // in 5, kernel 4, stride 2: out 3, total padding (3-1)*2 + 4 - 5 = 3.
        TensorProto w = TestModels.floats("w", new long[] {1, 1, 4, 4}, new float[16]);
        Graph g = load(13, List.of(node("Conv", List.of("x", "w"), List.of("y"), attr("auto_pad", "SAME_UPPER"),
                ints("strides", 2, 2))), List.of(input("x", 1, 1, 5, 5)), List.of("y"), w);
        assertArrayEquals(new int[] {1, 1, 3, 3}, output(g).type().shape());
        assertArrayEquals(new int[] {1, 1, 2, 2}, output(g).attributes().getIntArray("pads", null));
    }

    @Test
    void autoPadValidAndNotSet() {
        assertArrayEquals(new int[] {0, 0, 0, 0}, convPads("VALID", 1));
        assertArrayEquals(new int[] {0, 0, 0, 0}, convPads("NOTSET", 1));
    }

    @Test
    void autoPadOnPoolingWithDilation() {
        // MaxPool in 6, kernel 3 dilated 2 (window 5), stride 1, SAME_LOWER: total 4, split 2/2.
        Graph g = load(13, List.of(node("MaxPool", List.of("x"), List.of("y"), ints("kernel_shape", 3),
                ints("dilations", 2), attr("auto_pad", "SAME_LOWER"))), List.of(input("x", 1, 1, 6)), List.of("y"));
        assertArrayEquals(new int[] {2, 2}, output(g).attributes().getIntArray("pads", null));
        assertArrayEquals(new int[] {1, 1, 6}, output(g).type().shape());
    }

    // ---- Clip ----

    @Test
    void clipAttributesBeforeOpset11() {
        Graph g = load(6, List.of(node("Clip", List.of("x"), List.of("y"), attr("min", -1f), attr("max", 2f))),
                List.of(input("x", 5)), List.of("y"));
        assertArrayEquals(new float[] {-1, -1, 0, 1, 2},
                run(g, "x", Tensor.ofFloats(new float[] {-3, -1, 0, 1, 3}, 5)));
    }

    @Test
    void clipConstantInputsBecomeAttributesAndEmptyNamesAreAbsent() {
        TensorProto max = TestModels.floats("max", new long[] {}, 2f);
        Graph g = load(13, List.of(node("Clip", List.of("x", "", "max"), List.of("y"))), List.of(input("x", 3)),
                List.of("y"), max);
        assertEquals("Clip", output(g).op());
        assertEquals(2f, output(g).attributes().getFloat("max", 0f));
        assertTrue(!output(g).attributes().has("min"));
        assertArrayEquals(new float[] {-5, 1, 2}, run(g, "x", Tensor.ofFloats(new float[] {-5, 1, 7}, 3)));
    }

    @Test
    void clipRunTimeBoundsBecomeMaxThenMin() {
        Graph g = load(13, List.of(node("Clip", List.of("x", "lo", "hi"), List.of("y"))),
                List.of(input("x", 3), input("lo"), input("hi")), List.of("y"));
        assertEquals("Min", output(g).op());
        assertEquals("Max", output(g).input(0).op());
        // min > max gives max everywhere, as ONNX specifies.
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new float[] {-5, 1, 7}, 3),
                "lo", Tensor.ofFloats(new float[] {4}), "hi", Tensor.ofFloats(new float[] {2}));
        assertArrayEquals(new float[] {2, 2, 2}, Interpreter.run(g, in).get("y").floats());
    }

    // ---- Reshape, Flatten, Squeeze, Unsqueeze ----

    @Test
    void reshapeZeroCopiesAndMinusOneInfers() {
        Graph g = load(13, List.of(node("Reshape", List.of("x", "s"), List.of("y"))), List.of(input("x", 2, 3, 4)),
                List.of("y"), longs("s", 0, -1));
        assertArrayEquals(new int[] {2, 12}, output(g).type().shape());
    }

    @Test
    void reshapeAllowZeroKeepsARealZero() {
        Graph g = load(14, List.of(node("Reshape", List.of("x", "s"), List.of("y"), attr("allowzero", 1L))),
                List.of(input("x", 0, 3)), List.of("y"), longs("s", 3, 0));
        assertArrayEquals(new int[] {3, 0}, output(g).type().shape());
    }

    @Test
    void reshapeErrorsAreNamed() {
        GlintException twoInferred = assertThrows(GlintException.class, () -> load(13, List.of(node("Reshape",
                List.of("x", "s"), List.of("y"))), List.of(input("x", 2, 3, 4)), List.of("y"), longs("s", -1, -1)));
        assertEquals("test.onnx: Reshape node 'n_y': shape [-1, -1] has more than one -1", twoInferred.getMessage());
        GlintException count = assertThrows(GlintException.class, () -> load(13, List.of(node("Reshape",
                List.of("x", "s"), List.of("y"))), List.of(input("x", 2, 3, 4)), List.of("y"), longs("s", 5, -1)));
        assertTrue(count.getMessage().contains("cannot infer the -1 in shape [5, -1]"), count.getMessage());
    }

    @Test
    void reshapeOfARunTimeShapeIsUnsupported() {
        ValueInfoProto shape = TestModels.valueInfo("s", TensorProto.DataType.INT64_VALUE, 2);
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13,
                List.of(node("Reshape", List.of("x", "s"), List.of("y"))), List.of(input("x", 2, 3), shape),
                List.of("y")));
        assertTrue(e.getMessage().contains("input 's' (shape) must be known at import time"), e.getMessage());
    }

    @Test
    void flattenSqueezeUnsqueezeAreReshapes() {
        Graph flat = load(13, List.of(node("Flatten", List.of("x"), List.of("y"), attr("axis", -1L))),
                List.of(input("x", 2, 3, 4)), List.of("y"));
        assertArrayEquals(new int[] {6, 4}, output(flat).type().shape());
        Graph squeezeOld = load(11, List.of(node("Squeeze", List.of("x"), List.of("y"), ints("axes", -1))),
                List.of(input("x", 2, 3, 1)), List.of("y"));
        assertArrayEquals(new int[] {2, 3}, output(squeezeOld).type().shape());
        Graph squeezeAll = load(13, List.of(node("Squeeze", List.of("x"), List.of("y"))),
                List.of(input("x", 1, 3, 1)), List.of("y"));
        assertArrayEquals(new int[] {3}, output(squeezeAll).type().shape());
        Graph unsqueeze = load(13, List.of(node("Unsqueeze", List.of("x", "a"), List.of("y"))),
                List.of(input("x", 3, 4)), List.of("y"), longs("a", 0, -1));
        assertArrayEquals(new int[] {1, 3, 4, 1}, output(unsqueeze).type().shape());
        assertEquals("Reshape", output(unsqueeze).op());
    }

    // ---- Slice ----

    @Test
    void sliceClampsOutOfRangeBoundsPerOnnx() {
        Graph g = load(13, List.of(node("Slice", List.of("x", "st", "en", "ax"), List.of("y"))),
                List.of(input("x", 2, 5)), List.of("y"), longs("st", -100), longs("en", Long.MAX_VALUE), longs("ax", -1));
        Node slice = output(g);
        assertArrayEquals(new int[] {0, 0}, slice.attributes().getIntArray("starts", null));
        assertArrayEquals(new int[] {2, 5}, slice.attributes().getIntArray("ends", null));
        assertArrayEquals(new int[] {2, 5}, slice.type().shape());
    }

    @Test
    void sliceBackwardsToBeforeTheFirstElement() {
        Graph g = load(13, List.of(node("Slice", List.of("x", "st", "en", "ax", "sp"), List.of("y"))),
                List.of(input("x", 5)), List.of("y"), longs("st", Long.MAX_VALUE), longs("en", Long.MIN_VALUE),
                longs("ax", 0), longs("sp", -2));
        assertArrayEquals(new int[] {4}, output(g).attributes().getIntArray("starts", null));
        assertArrayEquals(new int[] {-1}, output(g).attributes().getIntArray("ends", null));
        assertArrayEquals(new float[] {4, 2, 0}, run(g, "x", ramp(5)));
    }

    @Test
    void sliceAttributesBeforeOpset10() {
        Graph g = load(9, List.of(node("Slice", List.of("x"), List.of("y"), ints("starts", 1, -2), ints("ends", 1000, -1),
                ints("axes", 0, 1))), List.of(input("x", 3, 4)), List.of("y"));
        assertArrayEquals(new int[] {2, 1}, output(g).type().shape());
        assertArrayEquals(new float[] {6, 10}, run(g, "x", ramp(3, 4)));
    }

    // ---- Pad ----

    @Test
    void negativePadsCropThenPositivePadsGrow() {
        Graph g = load(13, List.of(node("Pad", List.of("x", "p", "v"), List.of("y"))), List.of(input("x", 4)),
                List.of("y"), longs("p", -1, 2), TestModels.floats("v", new long[] {}, 9f));
        assertEquals("Pad", output(g).op());
        assertEquals("Slice", output(g).input(0).op());
        assertArrayEquals(new float[] {1, 2, 3, 9, 9}, run(g, "x", ramp(4)));
    }

    @Test
    void padAttributesBeforeOpset11AndReflect() {
        Graph g = load(10, List.of(node("Pad", List.of("x"), List.of("y"), ints("pads", 2, 1), attr("mode", "reflect"))),
                List.of(input("x", 4)), List.of("y"));
        assertArrayEquals(new float[] {2, 1, 0, 1, 2, 3, 2}, run(g, "x", ramp(4)));
    }

    // ---- Softmax, Gemm, PRelu and legacy broadcasting ----

    @Test
    void softmaxBeforeOpset13CoercesTo2dAtAxisOne() {
        Graph old = load(11, List.of(node("Softmax", List.of("x"), List.of("y"))), List.of(input("x", 2, 3, 4)),
                List.of("y"));
        assertEquals(1L, output(old).attributes().getInt("axis"));
        assertEquals(1L, output(old).attributes().getInt("coerce2d"));
        Graph now = load(13, List.of(node("Softmax", List.of("x"), List.of("y"))), List.of(input("x", 2, 3, 4)),
                List.of("y"));
        assertEquals(-1L, output(now).attributes().getInt("axis"));
        assertTrue(!output(now).attributes().has("coerce2d"));
    }

    @Test
    void legacyBroadcastWithAxisAlignsTheSecondOperand() {
        TensorProto b = TestModels.floats("b", new long[] {3}, 10, 20, 30);
        Graph g = load(6, List.of(node("Add", List.of("x", "b"), List.of("y"), attr("broadcast", 1L), attr("axis", 1L))),
                List.of(input("x", 2, 3, 2)), List.of("y"), b);
        assertArrayEquals(new float[] {10, 11, 22, 23, 34, 35, 16, 17, 28, 29, 40, 41}, run(g, "x", ramp(2, 3, 2)));
    }

    @Test
    void preluBeforeOpset7IsPerChannel() {
        TensorProto slope = TestModels.floats("s", new long[] {2}, 0.5f, 2f);
        Graph g = load(6, List.of(node("PRelu", List.of("x", "s"), List.of("y"))), List.of(input("x", 1, 2, 2)),
                List.of("y"), slope);
        assertArrayEquals(new float[] {-0.5f, 1, -4, 3},
                run(g, "x", Tensor.ofFloats(new float[] {-1, 1, -2, 3}, 1, 2, 2)));
    }

    // ---- aliases, n-ary ops and constant folding ----

    @Test
    void identityOutputKeepsItsOnnxNameAndReadsTheSourceNode() {
        Graph g = load(13, List.of(node("Relu", List.of("x"), List.of("r")), node("Identity", List.of("r"), List.of("y")),
                node("Dropout", List.of("x"), List.of("z"))), List.of(input("x", 2)), List.of("y", "z"));
        assertEquals("y", g.outputs().get(0).name());
        assertEquals("r", g.outputs().get(0).node().name());
        assertSame(g.inputs().get(0), g.outputs().get(1).node());
        Map<String, Tensor> out = Interpreter.run(g, Map.of("x", Tensor.ofFloats(new float[] {-1, 2}, 2)));
        assertArrayEquals(new float[] {0, 2}, out.get("y").floats());
        assertArrayEquals(new float[] {-1, 2}, out.get("z").floats());
    }

    @Test
    void sumOfThreeIsAChainAndMaxOfOneIsItsInput() {
        Graph g = load(13, List.of(node("Sum", List.of("x", "x", "x"), List.of("s")), node("Max", List.of("s"), List.of("y"))),
                List.of(input("x", 2)), List.of("y"));
        assertEquals("Add", output(g).op());
        assertEquals("s", output(g).name());
        assertEquals("Add", output(g).input(0).op());
        assertArrayEquals(new float[] {3, 6}, run(g, "x", Tensor.ofFloats(new float[] {1, 2}, 2)));
    }

    @Test
    void shapeSubgraphFoldsAwayAtImport() {
        // Flatten written the way PyTorch exports it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
        List<NodeProto> nodes = List.of(
                node("Shape", List.of("x"), List.of("shape")),
                node("Gather", List.of("shape", "zero"), List.of("batch"), attr("axis", 0L)),
                node("Unsqueeze", List.of("batch", "axes"), List.of("batch1")),
                node("Concat", List.of("batch1", "minus1"), List.of("target"), attr("axis", 0L)),
                node("Cast", List.of("target"), List.of("target64"), attr("to", (long) TensorProto.DataType.INT64_VALUE)),
                node("Reshape", List.of("x", "target64"), List.of("y")));
        TensorProto zero = TensorProto.newBuilder().setName("zero").setDataType(TensorProto.DataType.INT64_VALUE)
                .addInt64Data(0).build();
        Graph g = load(13, nodes, List.of(input("x", 2, 3, 4)), List.of("y"), zero, longs("axes", 0), longs("minus1", -1));
        assertEquals(Map.of("Reshape", 1), g.opCounts());
        assertArrayEquals(new int[] {2, 12}, output(g).type().shape());
        assertEquals("n_y", output(g).origin());
    }

    @Test
    void constantOfShapeAndConstantValueForms() {
        List<NodeProto> nodes = List.of(
                node("Constant", List.of(), List.of("dims"), ints("value_ints", 2, 2)),
                node("ConstantOfShape", List.of("dims"), List.of("ones"),
                        TestModels.tensorAttr("value", TestModels.floats("v", new long[] {1}, 1f))),
                node("Constant", List.of(), List.of("half"), attr("value_float", 0.5f)),
                node("Mul", List.of("ones", "half"), List.of("w")),
                node("Add", List.of("x", "w"), List.of("y")));
        Graph g = load(13, nodes, List.of(input("x", 2, 2)), List.of("y"));
        assertEquals(Map.of("Constant", 1, "Add", 1), g.opCounts());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, run(g, "x", ramp(2, 2)));
    }

    @Test
    void gatherOnRunTimeDataIsUnsupported() {
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(13,
                List.of(node("Gather", List.of("x", "i"), List.of("y"))), List.of(input("x", 4)), List.of("y"),
                longs("i", 1)));
        assertEquals("Gather on run-time data", e.feature());
    }

    @Test
    void batchNormalizationTrainingModeIsUnsupported() {
        TensorProto p = TestModels.floats("p", new long[] {2}, 1, 1);
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> load(15,
                List.of(node("BatchNormalization", List.of("x", "p", "p", "p", "p"), List.of("y"), attr("training_mode", 1L))),
                List.of(input("x", 1, 2, 2)), List.of("y"), p));
        assertEquals("BatchNormalization training_mode=1", e.feature());
    }
}
