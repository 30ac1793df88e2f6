package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.Int8Graphs.Conv;
import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled networks split heavy operators across threads: every thread count must give the
 * interpreter's bits. The layers are large enough to have several blocks of row tiles (the unit that
 * threads share out) and to be worth splitting (at least 2^17 multiply-adds per thread per image and
 * group, in a network of at least 2^22), with channel counts that are not a multiple of the tile, odd spatial sizes, strides, padding
 * and groups (a depthwise layer splits its channels); the small sweep graphs are split in every loop,
 * however little work it holds, so that odd small shapes run the threaded code too.
 */
class ThreadedKernelsTest {
    private static final ElemKind I8 = ElemKind.INT8;
    private static final ElemKind U8 = ElemKind.UINT8;

    /** With {@code everyLoop}, the case's loops are split however little work they hold. */
    record Case(String name, Supplier<Graph> graph, boolean everyLoop) {
        Case(String name, Supplier<Graph> graph) {
            this(name, graph, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        conv(c, "3x3, 96 channels in, 40 out, 13x11", new Conv(1, 96, 13, 11, 40, 1, 3, 3, new int[] {1, 1},
                new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, I8, I8, false));
        conv(c, "3x3 stride 2, 256 channels in, 24 out, 23x23, u8", new Conv(1, 256, 23, 23, 24, 1, 3, 3,
                new int[] {2, 2}, new int[] {1, 0, 0, 1}, new int[] {1, 1}, true, U8, U8, false));
        conv(c, "grouped 1x1, batch 2", new Conv(2, 128, 41, 39, 68, 2, 1, 1, new int[] {1, 1}, new int[4],
                new int[] {1, 1}, false, I8, I8, false));
        conv(c, "depthwise 3x3", new Conv(1, 96, 81, 75, 96, 96, 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1},
                new int[] {1, 1}, true, I8, I8, false));
        // one row of tiles: the threads share the channel chunks instead of rows
        c.add(new Case("fully connected 5 rows", () -> Int8Graphs.fullyConnected(new QuantizedLayers(21), 5, 300, 37,
                true, I8, false), true));
        c.add(new Case("fully connected 1 row, 7-bit weights, 640->203", () -> Int8Graphs.fullyConnected(
                new QuantizedLayers(22).weightCodes(-63, 63), 1, 640, 203, true, U8, false), true));
        // one call hands several loops to its thread team in turn; with 5 threads the smaller layers use
        // only some of the workers, and the rest must still check in
        c.add(new Case("three split layers in one network", () -> {
            QuantizedLayers q = new QuantizedLayers(5);
            Graph g = new Graph("three");
            Int8Graphs.conv(q, g, "a", new Conv(1, 64, 23, 21, 72, 1, 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1},
                    new int[] {1, 1}, true, I8, I8, false));
            Int8Graphs.conv(q, g, "b", new Conv(1, 72, 57, 45, 72, 72, 3, 3, new int[] {1, 1}, new int[] {1, 1, 1, 1},
                    new int[] {1, 1}, true, I8, I8, false));
            Int8Graphs.conv(q, g, "c", new Conv(1, 160, 29, 31, 96, 1, 1, 1, new int[] {1, 1}, new int[4],
                    new int[] {1, 1}, false, U8, U8, false));
            return g;
        }));
        // a concat's copies and a reshape's copy split in byte ranges, between float max pools split in planes
        c.add(new Case("concat, reshape and pools", ThreadedKernelsTest::concatGraph, true));
        for (int i = 0; i < 8; i++) {
            int index = i;
            c.add(new Case("sweep graph " + i, () -> SweepGraphs.graph(index, true), true));
            c.add(new Case("float sweep graph " + i, () -> SweepGraphs.graph(index, false), true));
        }
        return c;
    }

    private static Graph concatGraph() {
        Graph g = new Graph("concat");
        Node a = g.addInput("a", TensorType.f32(1, 5, 7, 9));
        Node b = g.addInput("b", TensorType.f32(1, 3, 7, 9));
        Node pool = g.add(OpRegistry.create("MaxPool", "pool", List.of(a), Attributes.builder()
                .put("kernel_shape", new long[] {3, 3}).put("pads", new long[] {1, 1, 1, 1}).build()));
        Node cat = g.add(OpRegistry.create("Concat", "cat", List.of(pool, b), Attributes.builder().put("axis", 1).build()));
        Node flat = g.add(OpRegistry.create("Reshape", "flat", List.of(cat),
                Attributes.builder().put("shape", new long[] {8, 63}).build()));
        g.addOutput("cat", cat);
        g.addOutput("flat", flat);
        return g;
    }

    private static void conv(List<Case> c, String name, Conv conv) {
        c.add(new Case(name, () -> Int8Graphs.conv(new QuantizedLayers(name.hashCode()), conv)));
    }

    static Stream<Arguments> threadsAndCases() {
        List<Arguments> all = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3, 5}) {
            for (Case c : cases()) {
                all.add(Arguments.of(threads, c));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} threads: {1}")
    @MethodSource("threadsAndCases")
    void everyThreadCountGivesTheInterpretersBits(int threads, Case c) {
        Graph graph = c.graph().get();
        Map<String, Tensor> inputs = JitTester.randomInputs(graph, c.name().hashCode());
        Map<String, Tensor> expected = Interpreter.run(graph, inputs);
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(DotProductPolicy.TARGET).withThreads(threads);
        if (c.everyLoop()) {
            options = options.splittingEveryLoop();
        }
        try (CompiledNetwork net = new JitCompiler(JitTester.HOST, options).compile(graph)) {
            for (int run = 0; run < 3; run++) {
                JitTester.assertClose(expected, net.run(inputs), c.name() + " on " + threads + " threads, run " + run);
            }
        }
    }

    @Test
    void oneThreadWritesNoThreadCode() {
        Graph graph = cases().get(0).graph().get();
        String serial = new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults()).lower(graph, "one").irText();
        String parallel = new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults().withThreads(4))
                .lower(graph, "four").irText();
        assertEquals(-1, serial.indexOf("pthread_create"), "one thread must not start threads");
        assertTrue(parallel.contains("pthread_create"), "four threads should split the convolution");
    }

    @Test
    void onlyLayersWorthSplittingStartThreads() {
        for (Case c : cases().subList(0, 4)) {
            assertTrue(irText(c.graph().get(), 2).contains("pthread_create"), c.name() + " should be split");
        }
        // mnist-8's second convolution: 627,200 multiply-adds, a network too small to start a thread team for
        Graph small = Int8Graphs.conv(new QuantizedLayers(3), new Conv(1, 8, 14, 14, 16, 1, 5, 5, new int[] {1, 1},
                new int[] {2, 2, 2, 2}, new int[] {1, 1}, true, I8, I8, false));
        assertEquals(-1, irText(small, 2).indexOf("pthread_create"), "a small network should stay on one thread");
    }

    private static String irText(Graph graph, int threads) {
        return new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults().withThreads(threads)).lower(graph, "t").irText();
    }
}
