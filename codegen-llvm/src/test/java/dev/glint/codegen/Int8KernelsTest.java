package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.codegen.Int8Graphs.Conv;
import dev.glint.codegen.JitTester.Int8Config;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.text.GraphParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every int8 operation the interpreter has, compiled under every int8 configuration (the three CPU
 * settings and the emulated VNNI/SDOT kernels), must give exactly the interpreter's integers.
 */
class Int8KernelsTest {
    private static final ElemKind I8 = ElemKind.INT8;
    private static final ElemKind U8 = ElemKind.UINT8;

    record Case(String name, Supplier<Graph> graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        conv(c, "conv 3x3 pad 1", new Conv(1, 8, 7, 6, 16, 1, 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1},
                new int[] {1, 1}, true, I8, I8, false));
        conv(c, "grouped strided asymmetric pads", new Conv(2, 8, 6, 5, 12, 4, 3, 2, new int[] {2, 1},
                new int[] {1, 0, 0, 1}, new int[] {1, 1}, true, I8, I8, false));
        conv(c, "depthwise dilated", new Conv(1, 6, 9, 9, 6, 6, 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1},
                new int[] {2, 2}, true, I8, I8, false));
        conv(c, "depthwise multiplier 2", new Conv(1, 5, 6, 7, 10, 5, 3, 3, new int[] {2, 2}, new int[] {1, 1, 1, 1},
                new int[] {1, 1}, false, I8, U8, false));
        conv(c, "1x1 with 33 channels, u8", new Conv(1, 20, 3, 4, 33, 1, 1, 1, new int[] {1, 1}, new int[4],
                new int[] {1, 1}, false, U8, U8, false));
        conv(c, "5x4 kernel stride 3x2, u8 in", new Conv(1, 3, 11, 10, 5, 1, 5, 4, new int[] {3, 2},
                new int[] {2, 2, 1, 0}, new int[] {1, 1}, true, U8, I8, false));
        // one and three channels: each kernel row's taps are read as one run of words
        conv(c, "1 channel 5x5, rows dilated", new Conv(1, 1, 12, 11, 8, 1, 5, 5, new int[] {1, 1},
                new int[] {4, 2, 3, 2}, new int[] {2, 1}, true, U8, I8, false));
        conv(c, "3 channels 7x7 stride 2, batch 2", new Conv(2, 3, 13, 12, 10, 1, 7, 7, new int[] {2, 2},
                new int[] {3, 3, 3, 3}, new int[] {1, 1}, true, I8, U8, false));
        conv(c, "1-D", new Conv(2, 4, 0, 13, 6, 2, 1, 3, new int[] {2}, new int[] {1, 2}, new int[] {1}, true, I8, I8,
                false));
        conv(c, "asymmetric weights (portable)", new Conv(1, 4, 5, 5, 7, 1, 3, 3, new int[] {1, 1},
                new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, I8, I8, true));
        conv(c, "int16 activations (int64 sums)", new Conv(1, 120, 4, 4, 3, 1, 3, 3, new int[] {1, 1},
                new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, ElemKind.INT16, ElemKind.INT16, false));
        conv(c, "raw int32 accumulators (ConvInteger)", new Conv(1, 4, 5, 5, 6, 2, 3, 3, new int[] {1, 1},
                new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, U8, ElemKind.INT32, true));
        c.add(new Case("fully connected int16 input", () -> Int8Graphs.fullyConnected(new QuantizedLayers(14), 2, 2000, 9, true,
                ElemKind.INT16, false)));
        c.add(text("int16 elementwise and pooling, raw matmul", """
                graph wide(%a: i16[3,50]{scale=0.001,offset=5}, %b: i16[50]{scale=0.002,offset=-7}, %big: i16[1,1,300,300]{scale=0.01,offset=3}, %u: u8[2,6]{scale=1.0,offset=128}) {
                  %m = Mul(%a, %b) : i16[3,50]{scale=0.5,offset=0}
                  %g = GlobalAveragePool(%big) : i16[1,1,1,1]{scale=0.005,offset=0}
                  %t = Tanh(%a) : i16[3,50]{scale=0.0001,offset=0}
                  %w = Constant i8[6,3]{scale=1.0,offset=0} [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17, 127]
                  %raw = MatMul(%u, %w) : i32[2,3]
                  return %m, %g, %t, %raw
                }
                """));
        c.add(new Case("fully connected 37x19", () -> Int8Graphs.fullyConnected(new QuantizedLayers(11), 1, 37, 19, true, I8, false)));
        c.add(new Case("fully connected 5x64x40 u8", () -> Int8Graphs.fullyConnected(new QuantizedLayers(12), 5, 64, 40, false, U8, false)));
        c.add(new Case("fully connected asymmetric", () -> Int8Graphs.fullyConnected(new QuantizedLayers(13), 3, 10, 7, true, I8, true)));
        c.add(new Case("max pool 3x3 s2 p1", () -> Int8Graphs.pool(new QuantizedLayers(21), "MaxPool", new int[] {2, 3, 9, 8},
                new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1, 1, 1}, false, false, false)));
        c.add(new Case("max pool same params, windows in padding", () -> Int8Graphs.pool(new QuantizedLayers(22), "MaxPool",
                new int[] {1, 2, 3, 3}, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2, 2, 2}, false, false, true)));
        c.add(new Case("average pool ceil, include pad", () -> Int8Graphs.pool(new QuantizedLayers(23), "AveragePool",
                new int[] {1, 3, 7, 8}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1, 1, 1}, true, true, false)));
        c.add(new Case("average pool windows in padding", () -> Int8Graphs.pool(new QuantizedLayers(24), "AveragePool",
                new int[] {1, 2, 3, 3}, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2, 2, 2}, false, false, false)));
        c.add(new Case("global average pool", () -> Int8Graphs.pool(new QuantizedLayers(25), "GlobalAveragePool",
                new int[] {2, 5, 6, 7}, null, null, null, false, false, false)));
        c.add(new Case("global max pool", () -> Int8Graphs.pool(new QuantizedLayers(26), "GlobalMaxPool",
                new int[] {2, 5, 6, 7}, null, null, null, false, false, false)));
        c.add(new Case("add broadcast", () -> Int8Graphs.binary(new QuantizedLayers(31), "Add", new int[] {2, 3, 4}, new int[] {3, 1}, false)));
        c.add(new Case("mul broadcast", () -> Int8Graphs.binary(new QuantizedLayers(32), "Mul", new int[] {2, 5}, new int[] {5}, false)));
        c.add(new Case("max same params", () -> Int8Graphs.binary(new QuantizedLayers(33), "Max", new int[] {4, 6}, new int[] {4, 6}, true)));
        c.add(new Case("min rescaled", () -> Int8Graphs.binary(new QuantizedLayers(34), "Min", new int[] {1, 6}, new int[] {4, 1}, false)));
        c.add(text("unary lookup tables", """
                graph lut(%x: i8[4,64]{scale=0.05,offset=-3}) {
                  %r = Relu(%x) : i8[4,64]{scale=0.03,offset=-128}
                  %s = Sigmoid(%x) : u8[4,64]{scale=0.00390625,offset=0}
                  %t = Tanh(%x) : i8[4,64]{scale=0.0078125,offset=0}
                  %e = Exp(%x) : u8[4,64]{scale=2.0,offset=0}
                  %c = Clip(%x) {max=1.0, min=-0.5} : i8[4,64]{scale=0.01,offset=-20}
                  %l = LeakyRelu(%x) {alpha=0.1} : i8[4,64]{scale=0.05,offset=-3}
                  return %r, %s, %t, %e, %c, %l
                }
                """));
        c.add(text("matmul", """
                graph mm(%a: i8[2,3,5]{scale=0.1,offset=3}) {
                  %b = Constant i8[5,4]{axis=1,scale=[0.01,0.02,0.03,0.04],offset=[0,1,-1,2]} [1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17, -18, 19, 127]
                  %y = MatMul(%a, %b) : i8[2,3,4]{scale=0.05,offset=-7}
                  %c = Constant i8[2,5,3]{scale=0.02,offset=0} [-128, 127, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, 50, 60, 70]
                  %z = MatMul(%a, %c) : u8[2,3,3]{scale=0.1,offset=100}
                  return %y, %z
                }
                """));
        c.add(text("softmax", """
                graph sm(%x: i8[3,4,5]{scale=0.1,offset=0}) {
                  %s = Softmax(%x) {axis=2} : u8[3,4,5]{scale=0.00390625,offset=0}
                  %s1 = Softmax(%x) {axis=1} : i8[3,4,5]{scale=0.00390625,offset=-128}
                  %s2 = Softmax(%x) {axis=1, coerce2d=1} : u8[3,4,5]{scale=0.00390625,offset=0}
                  return %s, %s1, %s2
                }
                """));
        c.add(text("data movement", """
                graph moves(%x: i8[2,3,4]{scale=0.1,offset=2}, %y: i8[2,2,4]{scale=0.2,offset=-5}, %u: u8[2,3,4]{scale=0.1,offset=130}) {
                  %cat = Concat(%x, %y, %x) {axis=1} : i8[2,8,4]{scale=0.1,offset=2}
                  %cat2 = Concat(%y, %u) {axis=1} : u8[2,5,4]{scale=0.3,offset=120}
                  %r = Reshape(%cat) {shape=[4,4,4]} : i8[4,4,4]{scale=0.1,offset=2}
                  %t = Transpose(%u) {perm=[2,0,1]} : u8[4,2,3]{scale=0.1,offset=130}
                  %s = Slice(%x) {starts=[1,0,3], ends=[2,3,-1], steps=[1,2,-2]} : i8[1,2,2]{scale=0.1,offset=2}
                  %p = Pad(%x) {mode="constant", pads=[0,1,2,1,0,1], value=2.0} : i8[3,4,7]{scale=0.1,offset=2}
                  %pr = Pad(%u) {mode="reflect", pads=[1,1,2,0,1,3]} : u8[3,5,9]{scale=0.1,offset=130}
                  %pe = Pad(%u) {mode="edge", pads=[0,2,1,1,0,3]} : u8[3,5,8]{scale=0.1,offset=130}
                  return %r, %t, %s, %p, %pr, %pe, %cat2
                }
                """));
        c.add(text("quantize, dequantize, rescale", """
                graph conversions(%f: f32[2,3,4], %q: i8[2,3,4]{axis=1,scale=[0.1,0.2,0.05],offset=[0,3,-3]}) {
                  %a = Quantize(%f) : i8[2,3,4]{scale=0.02,offset=5}
                  %b = Quantize(%f) : u8[2,3,4]{axis=2,scale=[0.01,0.02,0.03,0.04],offset=[128,120,130,0]}
                  %c = Dequantize(%q) : f32[2,3,4]
                  %d = Dequantize(%b) : f32[2,3,4]
                  %e = Rescale(%a) : u8[2,3,4]{scale=0.04,offset=128}
                  %g = Rescale(%q) : i8[2,3,4]{scale=0.3,offset=-1}
                  return %a, %b, %c, %d, %e
                }
                """.replace("%g = Rescale(%q) : i8[2,3,4]{scale=0.3,offset=-1}\n", "")));
        return c;
    }

    /** The int16 cases above are sized so that int32 sums could overflow: their kernels must sum in int64. */
    @org.junit.jupiter.api.Test
    void sumsThatCouldOverflowInt32AreInt64() {
        for (Case c : cases()) {
            if (!c.name().contains("int16")) {
                continue;
            }
            LoweredGraph lowered = new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults()).lower(c.graph().get(), "wide");
            String kernels = lowered.kernelSummary();
            boolean wide = lowered.irText().contains("sext i32") && lowered.irText().contains(" to i64");
            org.junit.jupiter.api.Assertions.assertTrue(wide, c.name() + ": no 64-bit accumulation\n" + kernels);
        }
        Graph conv = cases().stream().filter(c -> c.name().startsWith("int16 activations")).findFirst().orElseThrow().graph().get();
        String summary = new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults()).lower(conv, "c").kernelSummary();
        org.junit.jupiter.api.Assertions.assertTrue(summary.contains("i64 sums"), summary);
    }

    /**
     * A layer whose taps have fewer channels than a word reads each kernel row as one run of words (not
     * one padded word per tap) on every instruction set; columns that are dilated cannot.
     */
    @org.junit.jupiter.api.Test
    void fewChannelsAreReadAsKernelRowRuns() {
        for (Int8Config config : JitTester.int8Configs()) {
            if (config.target() == JitTester.PORTABLE) {
                continue; // no matrix-product kernels
            }
            CodegenOptions options = CodegenOptions.defaults().withDotProduct(config.policy());
            for (String name : List.of("1 channel 5x5, rows dilated", "3 channels 7x7 stride 2, batch 2",
                    "5x4 kernel stride 3x2, u8 in")) {
                Graph g = cases().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow().graph().get();
                String summary = new LoweringPipeline(config.target(), options).lower(g, "c").kernelSummary();
                org.junit.jupiter.api.Assertions.assertTrue(summary.contains("kernel rows read as runs"), config + ", " + name
                        + ":\n" + summary);
            }
            Graph dilated = Int8Graphs.conv(new QuantizedLayers(5), new Conv(1, 1, 9, 9, 8, 1, 3, 3, new int[] {1, 1},
                    new int[] {1, 1, 1, 1}, new int[] {1, 2}, true, U8, I8, false));
            String summary = new LoweringPipeline(config.target(), options).lower(dilated, "c").kernelSummary();
            org.junit.jupiter.api.Assertions.assertFalse(summary.contains("runs"), config + ":\n" + summary);
        }
    }

    private static void conv(List<Case> c, String name, Conv conv) {
        c.add(new Case(name, () -> Int8Graphs.conv(new QuantizedLayers(name.hashCode()), conv)));
    }

    private static Case text(String name, String ir) {
        return new Case(name, () -> GraphParser.parse(ir));
    }

    static Stream<Arguments> configsAndCases() {
        List<Arguments> all = new ArrayList<>();
        for (Int8Config config : JitTester.int8Configs()) {
            for (Case c : cases()) {
                all.add(Arguments.of(config, c));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("configsAndCases")
    void matchesInterpreterExactly(Int8Config config, Case c) {
        JitTester.assertMatchesInterpreter(c.graph().get(), config.target(), config.policy(), c.name().hashCode());
    }

    /** Quantization of special values and exact ties, which random inputs would rarely produce. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.glint.codegen.JitTester#int8Configs")
    void quantizesSpecialValuesAndTiesLikeTheInterpreter(Int8Config config) {
        Graph g = GraphParser.parse("""
                graph special(%f: f32[16]) {
                  %q = Quantize(%f) : i8[16]{scale=0.5,offset=3}
                  %r = Rescale(%q) : i8[16]{scale=1.0,offset=0}
                  return %q, %r
                }
                """);
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 0.25f, 0.75f, -0.25f,
            -0.75f, 1.25f, 63.25f, 64.75f, -65.25f, 1e30f, -1e30f, Float.MIN_VALUE};
        Map<String, Tensor> in = Map.of("f", Tensor.ofFloats(TensorType.f32(16), values));
        Map<String, Tensor> expected = Interpreter.run(g, in);
        try (CompiledNetwork net = new JitCompiler(config.target(), CodegenOptions.defaults()
                .withDotProduct(config.policy())).compile(g)) {
            Map<String, Tensor> actual = net.run(in);
            for (String name : expected.keySet()) {
                assertEquals(expected.get(name), actual.get(name), name);
            }
        }
    }
}
