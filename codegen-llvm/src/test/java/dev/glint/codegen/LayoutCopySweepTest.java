package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.Int8Graphs.Conv;
import dev.glint.codegen.JitTester.Int8Config;
import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
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
 * The layout copies around the int8 dot-product convolutions (NCHW into padded channels-last before,
 * the staging area back into NCHW after) against the interpreter, bit for bit: channel counts that are
 * not multiples of a vector or a word (1, 3, 5, 17, 33, 100), position counts below, at and just past a
 * block ({@code 1x1}, {@code 3x7}, {@code 13x13}, wide rows), asymmetric padding, strides that leave
 * input columns unread, dilation, groups, batch 2, raw int32 results, on one thread and on three (every
 * loop split, so the channels-last copy runs in three parts, some of them empty, on every shape); each
 * under the host's instruction (int16 operands on AVX2) and the emulated VNNI and SDOT kernels (bytes
 * shifted by +128 or -128).
 */
class LayoutCopySweepTest {
    private static final ElemKind I8 = ElemKind.INT8;
    private static final ElemKind U8 = ElemKind.UINT8;

    /** A graph and the copy functions its code must call (none for fully connected layers). */
    record Case(String name, Supplier<Graph> graph, List<String> copies) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        conv(c, "1x1 100->33, 13x13, batch 2", spec(2, 100, 13, 13, 33, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "1x1 17->17, 3x7", spec(1, 17, 3, 7, 17, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "1x1 5->100, 1x1", spec(1, 5, 1, 1, 100, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "1x1 1->3, 13x13", spec(1, 1, 13, 13, 3, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "1x1 16->32, 8x8 (whole blocks)", spec(1, 16, 8, 8, 32, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "1x1 100->100, 1x1, batch 2", spec(2, 100, 1, 1, 100, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), U8, I8));
        conv(c, "1x1 stride 2, 33->17, 13x34", spec(1, 33, 13, 34, 17, 1, 1, 1, s(2, 2), p(0, 0, 0, 0), I8, I8));
        conv(c, "3x3 pad 1, 33->5, 13x13", spec(1, 33, 13, 13, 5, 1, 3, 3, s(1, 1), p(1, 1, 1, 1), I8, I8));
        conv(c, "3x3 asymmetric pads, 3->17, 19x37", spec(1, 3, 19, 37, 17, 1, 3, 3, s(1, 1), p(2, 0, 1, 3), I8, I8));
        conv(c, "3x3 stride 2 pads top-left, 100->33, 13x40", spec(1, 100, 13, 40, 33, 1, 3, 3, s(2, 2),
                p(1, 1, 0, 0), I8, I8));
        conv(c, "3x3 group 2 pad 1, 34->66, 9x21, batch 2", spec(2, 34, 9, 21, 66, 2, 3, 3, s(1, 1),
                p(1, 1, 1, 1), I8, I8));
        conv(c, "1x1 group 5, 25->85, 13x13", spec(1, 25, 13, 13, 85, 5, 1, 1, s(1, 1), p(0, 0, 0, 0), U8, U8));
        conv(c, "5x5 stride 1x2 pads 0,2,3,1, 5->3, 3x7", spec(1, 5, 3, 7, 3, 1, 5, 5, s(1, 2), p(0, 2, 3, 1),
                I8, I8));
        conv(c, "3x3 pads 1,0,1,2, u8, 33->17, 17x17", spec(1, 33, 17, 17, 17, 1, 3, 3, s(1, 1), p(1, 0, 1, 2),
                U8, U8));
        conv(c, "3x3 padding wider than the image, 3->5, 1x1", spec(1, 3, 1, 1, 5, 1, 3, 3, s(1, 1),
                p(2, 2, 2, 2), I8, I8));
        conv(c, "1x1 3->33, 40x40", spec(1, 3, 40, 40, 33, 1, 1, 1, s(1, 1), p(0, 0, 0, 0), I8, I8));
        conv(c, "3x3 dilation 2 pad 2, 17->33, 18x18", new Conv(1, 17, 18, 18, 33, 1, 3, 3, s(1, 1), p(2, 2, 2, 2),
                new int[] {2, 2}, true, I8, I8, false));
        c.add(new Case("fully connected 3 rows, 17->33", () -> Int8Graphs.fullyConnected(new QuantizedLayers(3), 3, 17,
                33, true, I8, false), List.of()));
        c.add(new Case("fully connected 1 row, 100->5, u8", () -> Int8Graphs.fullyConnected(new QuantizedLayers(4), 1,
                100, 5, true, U8, false), List.of()));
        // float convolutions copy their 4-byte results out through the same transpose
        floatConv(c, "float 1x1, 17->33, 13x13, batch 2", 2, 17, 13, 13, 33, 1, 1, "pads=[0,0,0,0]");
        floatConv(c, "float 3x3 group 2 asymmetric pads, 10->18, 5x21", 1, 10, 5, 21, 18, 2, 3,
                "group=2, pads=[1,0,2,1], strides=[1,2]");
        floatConv(c, "float 3x3, 3->5, 3x7", 1, 3, 3, 7, 5, 1, 3, "pads=[1,1,1,1]");
        return c;
    }

    /** A few cases that reach every vector path, for {@link AArch64ExecutionTest} (each costs a cross build and a qemu run). */
    static List<Case> aarch64Cases() {
        return cases().stream().filter(c -> c.name().startsWith("1x1 100->33") || c.name().startsWith("3x3 asymmetric")
                || c.name().startsWith("3x3 group 2") || c.name().startsWith("1x1 17->17")).toList();
    }

    private static int[] s(int h, int w) {
        return new int[] {h, w};
    }

    /** ONNX order: begin h, begin w, end h, end w. */
    private static int[] p(int top, int left, int bottom, int right) {
        return new int[] {top, left, bottom, right};
    }

    /** A convolution with bias and no dilation. */
    private static Conv spec(int batch, int cin, int h, int w, int cout, int group, int kh, int kw, int[] strides,
            int[] pads, ElemKind in, ElemKind out) {
        return new Conv(batch, cin, h, w, cout, group, kh, kw, strides, pads, new int[] {1, 1}, true, in, out, false);
    }

    private static void conv(List<Case> c, String name, Conv conv) {
        c.add(new Case(name, () -> Int8Graphs.conv(new QuantizedLayers(name.hashCode()), conv),
                List.of("@glint.channels_last.", "@glint.channels_first.")));
    }

    private static void floatConv(List<Case> c, String name, int batch, int cin, int h, int w, int cout, int group,
            int k, String attributes) {
        int weights = cout * cin / group * k * k;
        String text = String.format("""
                graph conv(%%x: f32[%d,%d,%d,%d]) {
                  %%w = Constant f32[%d,%d,%d,%d] [%s]
                  %%y = Conv(%%x, %%w) {%s}
                  return %%y
                }
                """, batch, cin, h, w, cout, cin / group, k, k, FloatKernelsTest.numbers(weights), attributes);
        c.add(new Case(name, () -> GraphParser.parse(text), List.of("@glint.channels_first.i32")));
    }

    static Stream<Arguments> arguments() {
        List<Arguments> all = new ArrayList<>();
        List<Int8Config> configs = List.of(new Int8Config(JitTester.HOST, DotProductPolicy.TARGET),
                new Int8Config(JitTester.HOST, DotProductPolicy.EMULATE_VNNI),
                new Int8Config(JitTester.HOST, DotProductPolicy.EMULATE_SDOT));
        for (Int8Config config : configs) {
            for (int threads : new int[] {1, 3}) {
                for (Case c : cases()) {
                    all.add(Arguments.of(config, threads, c));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} threads: {2}")
    @MethodSource("arguments")
    void copiesGiveTheInterpretersBits(Int8Config config, int threads, Case c) {
        Graph graph = c.graph().get();
        // split every loop, however small: the copies then run in parts on these small shapes too
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(config.policy()).withThreads(threads)
                .splittingEveryLoop();
        // the case must reach the copies under test, or it tests nothing
        String ir = new LoweringPipeline(config.target(), options).lower(graph, "sweep").irText();
        for (String copy : c.copies()) {
            assertTrue(ir.contains(copy), c.name() + ": the code does not call " + copy + "*");
        }
        Map<String, Tensor> inputs = JitTester.randomInputs(graph, c.name().hashCode());
        Map<String, Tensor> expected = Interpreter.run(graph, inputs);
        try (CompiledNetwork net = new JitCompiler(config.target(), options).compile(graph)) {
            JitTester.assertClose(expected, net.run(inputs), c.name() + " on " + config + ", " + threads + " threads");
        }
    }
}
