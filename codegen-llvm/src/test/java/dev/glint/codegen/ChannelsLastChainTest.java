package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.text.GraphParser;
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
 * Chains of layers whose activations pass between them channels-last ({@code assign layouts}): matrix-
 * product convolutions reading a channels-last input in place (unpadded float) or through the padding
 * copy (padded, strided, grouped, int8), writing channels-last rows (whole tiles straight into the
 * output); channels-last depthwise convolutions (fused clamps, padding, stride, dilation, channel counts
 * off the vector width; float and int8); elementwise operations
 * tied into a group; values also read by an operator that needs NCHW, broadcasts and graph outputs (which
 * stay NCHW). Each chain: the number of values stored channels-last is as planned, and results equal the
 * interpreter's (int8 bit for bit) on one thread and on three with every loop split.
 */
class ChannelsLastChainTest {
    /** A chain and how many of its values must be stored channels-last. */
    record Chain(String name, Supplier<Graph> graph, int channelsLast) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Chain> chains() {
        List<Chain> c = new ArrayList<>();
        // one group: c1, r1 (tied), dw (channels-last kernel), k (tied clip, fused), c2 (1x1, read in place), sum
        // (tied to c2 and r1); c3 reads sum through the padding copy and is an output (NCHW); c1 and c2 (16
        // channels, whole vectors) store their whole tiles straight into their outputs
        c.add(new Chain("float: conv, relu, depthwise, clip, 1x1, add, strided 3x3 (batch 2)", () -> GraphParser.parse(
                floatGraph("f32[2,3,11,13]", """
                        %c1 = Conv(%x, W[16,3,3,3], B[16]) {pads=[1,1,1,1]}
                        %r1 = Relu(%c1)
                        %dw = Conv(%r1, W[16,1,3,3], B[16]) {group=16, pads=[1,1,1,1]}
                        %k = Clip(%dw) {min=0.0, max=0.5}
                        %c2 = Conv(%k, W[16,16,1,1])
                        %sum = Add(%c2, %r1)
                        %c3 = Conv(%sum, W[5,16,3,3], B[5]) {pads=[1,0,2,1], strides=[2,2]}
                        """, "%c3")), 6));
        // dw and dw4 share one function (same window) on different geometry
        c.add(new Chain("float: depthwise stride 2, dilation 2 and narrow rows, 20 channels", () -> GraphParser.parse(
                floatGraph("f32[1,4,15,9]", """
                        %c1 = Conv(%x, W[20,4,1,1], B[20])
                        %dw = Conv(%c1, W[20,1,3,3], B[20]) {group=20, pads=[1,1,1,1], strides=[2,2]}
                        %dw2 = Conv(%dw, W[20,1,3,3]) {group=20, pads=[2,2,2,2], dilations=[2,2]}
                        %r = Relu(%dw2)
                        %dw3 = Conv(%r, W[20,1,5,3], B[20]) {group=20, pads=[2,0,2,1], strides=[1,2]}
                        %dw4 = Conv(%dw3, W[20,1,3,3], B[20]) {group=20, pads=[1,1,1,1], strides=[2,2]}
                        %c2 = Conv(%dw4, W[7,20,1,1], B[7])
                        """, "%c2")), 6));
        // c1 (read by a pool) and c2 (read by a broadcasting add) stay NCHW; c5 -> c3 (grouped, padded) -> c4
        // (strided 1x1 reading in place) passes c5 and c3 channels-last
        c.add(new Chain("float: values read by a pool and a broadcast add, grouped 3x3, strided 1x1", () -> GraphParser.parse(
                floatGraph("f32[1,6,7,10]", """
                        %c1 = Conv(%x, W[8,6,1,1], B[8])
                        %p = MaxPool(%c1) {kernel_shape=[2,2], strides=[2,2]}
                        %c2 = Conv(%x, W[10,6,3,3], B[10]) {pads=[1,1,1,1]}
                        %bias = Constant f32[1,10,1,1] [0.5, -1, 2, 0.25, 1, 0, -0.5, 3, 1, 2]
                        %sum = Add(%c2, %bias)
                        %c5 = Conv(%x, W[10,6,1,1], B[10])
                        %c3 = Conv(%c5, W[16,5,3,3], B[16]) {group=2, pads=[0,1,1,0]}
                        %c4 = Conv(%c3, W[4,16,1,1]) {strides=[2,1]}
                        """, "%p, %sum, %c4")), 2));
        // a fire module: squeeze, two expands concatenated by channel; then a concat along the height
        c.add(new Chain("float: squeeze, expands, channel concat, height concat", () -> GraphParser.parse(
                floatGraph("f32[1,5,9,7]", """
                        %s = Conv(%x, W[8,5,1,1], B[8])
                        %r = Relu(%s)
                        %e1 = Conv(%r, W[12,8,1,1], B[12])
                        %e3 = Conv(%r, W[12,8,3,3], B[12]) {pads=[1,1,1,1]}
                        %cat = Concat(%e1, %e3) {axis=1}
                        %c2 = Conv(%cat, W[8,24,1,1])
                        %c3 = Conv(%cat, W[8,24,3,3]) {pads=[1,1,1,1]}
                        %h = Concat(%c2, %c3) {axis=2}
                        %y = Conv(%h, W[4,8,1,1], B[4])
                        """, "%y")), 8));
        // max pools with padding (an empty window), ceil mode, dilation
        c.add(new Chain("float: max pools between convolutions", () -> GraphParser.parse(
                floatGraph("f32[1,3,10,9]", """
                        %c1 = Conv(%x, W[10,3,3,3], B[10]) {pads=[1,1,1,1]}
                        %p = MaxPool(%c1) {kernel_shape=[3,3], strides=[2,2], pads=[1,0,1,1], ceil_mode=1}
                        %c2 = Conv(%p, W[6,10,1,1])
                        %p2 = MaxPool(%c2) {kernel_shape=[2,3], strides=[1,2], dilations=[2,1]}
                        %y = Conv(%p2, W[4,6,3,3]) {pads=[1,1,1,1]}
                        """, "%y")), 4));
        c.add(new Chain("int8: conv, conv, add, conv, rescaling concat, depthwise, rescaling max pool, conv",
                ChannelsLastChainTest::int8Chain, 8));
        c.add(new Chain("int8: 7x7 stride 2 and padded 3x3 over 3 channels (kernel rows read as runs, the 3x3 channels-last)",
                ChannelsLastChainTest::int8FirstLayers, 2));
        c.add(new Chain("int8: depthwise 2x2 and strided 5x5 over 40 channels", () -> int8WideDepthwise(ElemKind.INT8), 3));
        c.add(new Chain("int8: depthwise 2x2 and strided 5x5 over 40 channels, uint8", () -> int8WideDepthwise(ElemKind.UINT8), 3));
        return c;
    }

    /**
     * Every chain on one thread and on three; the int8 chain also on the emulated VNNI and SDOT kernels
     * (with SDOT's int8 operands an unpadded 1x1 convolution reads its channels-last input in place).
     */
    static Stream<Arguments> arguments() {
        List<Arguments> all = new ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            for (Chain c : chains()) {
                all.add(Arguments.of(DotProductPolicy.TARGET, threads, c));
                if (c.name().startsWith("int8")) {
                    all.add(Arguments.of(DotProductPolicy.EMULATE_VNNI, threads, c));
                    all.add(Arguments.of(DotProductPolicy.EMULATE_SDOT, threads, c));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} threads: {2}")
    @MethodSource("arguments")
    void chainsGiveTheInterpretersResults(DotProductPolicy policy, int threads, Chain chain) {
        Graph graph = chain.graph().get();
        List<String> assigned = new ArrayList<>();
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(policy).withThreads(threads).splittingEveryLoop()
                .withListener((step, dump) -> {
                    if (step.equals("assign layouts")) {
                        assigned.add(dump.get());
                    }
                });
        Map<String, Tensor> inputs = JitTester.randomInputs(graph, chain.name().hashCode());
        Map<String, Tensor> expected = Interpreter.run(graph, inputs);
        try (CompiledNetwork net = new JitCompiler(JitTester.HOST, options).compile(graph)) {
            JitTester.assertClose(expected, net.run(inputs), chain.name() + ", " + threads + " threads");
        }
        assertEquals(1, assigned.size());
        assertEquals(chain.channelsLast() + " value(s) stored channels-last", assigned.get(0).lines().findFirst().orElseThrow(),
                chain.name());
        // sdot multiplies int8 codes as they are: int8Chain's unpadded 1x1 (16 channels, whole words) reads in
        // place (VNNI shifts int8 codes to uint8 and x86's pmaddwd widens them, so both copy)
        if (policy == DotProductPolicy.EMULATE_SDOT && graph.name().equals("int8_chain")) {
            assertTrue(assigned.get(0).contains("c3 = Conv: int8 conv 1x1") && assigned.get(0).contains("(read in place)"),
                    assigned.get(0));
        }
    }

    /**
     * The depthwise layers of 40 channels on x86 with AVX2 (no AVX-512): two taps per {@code vpmaddwd} over
     * the 16-channel blocks (the chains above run them, on such a host, against the interpreter); on a CPU
     * with AVX-512 the 16-lane kernel instead.
     */
    @Test
    void int8DepthwiseTakesTapPairsOnAvx2Only() {
        Graph g = int8WideDepthwise(ElemKind.INT8);
        String avx2 = new LoweringPipeline(new TargetSpec("x86_64-unknown-linux-gnu", "x86-64-v3", ""),
                CodegenOptions.defaults()).lower(g, "c").kernelSummary();
        assertTrue(avx2.contains("dw1 = Conv: int8 depthwise conv 2x2 stride 1x1, channels-last, vpmaddwd tap pairs")
                && avx2.contains("dw2 = Conv: int8 depthwise conv 5x5 stride 2x2, channels-last, vpmaddwd tap pairs"), avx2);
        String avx512 = new LoweringPipeline(new TargetSpec("x86_64-unknown-linux-gnu", "skylake-avx512", ""),
                CodegenOptions.defaults()).lower(int8WideDepthwise(ElemKind.INT8), "c").kernelSummary();
        assertTrue(avx512.contains("channels-last, 16 lanes") && !avx512.contains("tap pairs"), avx512);
    }

    /**
     * A float graph of input type {@code input} whose lines name weights as {@code W[shape]} and biases
     * as {@code B[n]} (each becomes a constant of small deterministic values).
     */
    static String floatGraph(String input, String lines, String outputs) {
        StringBuilder constants = new StringBuilder();
        StringBuilder body = new StringBuilder();
        int[] count = {0};
        for (String line : lines.strip().split("\n")) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                char ch = line.charAt(i);
                if ((ch == 'W' || ch == 'B') && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                    int end = line.indexOf(']', i);
                    String dims = line.substring(i + 2, end);
                    int n = 1;
                    for (String d : dims.split(",")) {
                        n *= Integer.parseInt(d.trim());
                    }
                    String name = "%k" + count[0]++;
                    constants.append("  ").append(name).append(" = Constant f32[").append(dims).append("] [")
                            .append(small(n, count[0])).append("]\n");
                    out.append(name);
                    i = end + 1;
                } else {
                    out.append(ch);
                    i++;
                }
            }
            body.append("  ").append(out.toString().strip()).append('\n');
        }
        return "graph chain(%x: " + input + ") {\n" + constants + body + "  return " + outputs + "\n}\n";
    }

    /** {@code n} values in [-0.34, 0.34], varied by {@code seed}: small enough that a chain stays near 1. */
    private static String small(int n, int seed) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(((i * 37 + seed * 11) % 23 - 11) / 32.0);
        }
        return sb.toString();
    }

    /**
     * int8: a 3x3 convolution, a padded 3x3 and an unpadded 1x1 one reading it channels-last, their sum
     * (tied), a 1x1 reading the sum, its concat with the unpadded 1x1 (rescaled to new parameters), a
     * strided, padded depthwise convolution of 18 channels (two vectors and two more), a max pool padded so that its corner windows see one input each
     * (rescaled to new parameters) and a last 1x1; all but the last channels-last.
     */
    /**
     * int8: a network's first layers, whose few channels make the matrix-product kernels read kernel rows
     * as runs: a 7x7 convolution of stride 2 over 3 channels into 3, a padded 3x3 reading those 3
     * channels-last (a padding copy without word padding), a 1x1.
     */
    static Graph int8FirstLayers() {
        QuantizedLayers q = new QuantizedLayers(78);
        Graph g = new Graph("int8_first_layers");
        Node x = g.addInput("x", q.activation(ElemKind.INT8, 1, 3, 15, 14));
        Node c1 = conv(q, g, "c1", x, 3, 7, 2, 3, 1);
        Node c2 = conv(q, g, "c2", c1, 8, 3, 1, 1, 1);
        Node c3 = conv(q, g, "c3", c2, 5, 1, 1, 0, 1);
        g.addOutput("y", c3);
        return g;
    }

        /**
     * int8 depthwise layers of 40 channels (two whole 16-channel blocks and a tail of eight, which the
     * AVX2 kernel computes two taps per {@code vpmaddwd} and eight lanes at a time): a 2x2 window (an even
     * tap count) and a strided 5x5, on {@code kind} activations.
     */
    static Graph int8WideDepthwise(ElemKind kind) {
        QuantizedLayers q = new QuantizedLayers(79);
        Graph g = new Graph("int8_wide_depthwise");
        Node x = g.addInput("x", q.activation(kind, 1, 5, 9, 10));
        Node c1 = conv(q, g, "c1", x, 40, 3, 1, 1, 1, kind);
        Node dw1 = conv(q, g, "dw1", c1, 40, 2, 1, 1, 40, kind);
        Node dw2 = conv(q, g, "dw2", dw1, 40, 5, 2, 2, 40, kind);
        Node c2 = conv(q, g, "c2", dw2, 6, 1, 1, 0, 1, kind);
        g.addOutput("y", c2);
        return g;
    }

    static Graph int8Chain() {
        QuantizedLayers q = new QuantizedLayers(77);
        Graph g = new Graph("int8_chain");
        TensorType xt = q.activation(ElemKind.INT8, 1, 5, 9, 11);
        Node x = g.addInput("x", xt);
        Node c1 = conv(q, g, "c1", x, 16, 3, 1, 1, 1);
        Node c2 = conv(q, g, "c2", c1, 9, 3, 1, 1, 1);
        Node c3 = conv(q, g, "c3", c1, 9, 1, 1, 0, 1);
        Node sum = add(g, "sum", c2, c3, QuantParams.perTensor(q.scale(), q.offset(ElemKind.INT8)));
        Node c5 = conv(q, g, "c5", sum, 9, 1, 1, 0, 1);
        Node cat = add(g, OpRegistry.create("Concat", "cat", List.of(c5, c3), Attributes.builder().put("axis", 1).build()),
                QuantParams.perTensor(q.scale(), q.offset(ElemKind.INT8)));
        Node dw = conv(q, g, "dw", cat, 18, 3, 2, 1, 18);
        Node pool = add(g, OpRegistry.create("MaxPool", "pool", List.of(dw), Attributes.builder()
                .put("kernel_shape", new long[] {3, 3}).put("pads", new long[] {2, 2, 2, 2}).build()),
                QuantParams.perTensor(q.scale(), q.offset(ElemKind.INT8)));
        Node c4 = conv(q, g, "c4", pool, 6, 1, 1, 0, 1);
        g.addOutput("y", c4);
        return g;
    }

    private static Node conv(QuantizedLayers q, Graph g, String name, Node x, int cout, int k, int stride, int pad,
            int group) {
        return conv(q, g, name, x, cout, k, stride, pad, group, ElemKind.INT8);
    }

    /** A square convolution with bias whose output is of {@code kind}. */
    private static Node conv(QuantizedLayers q, Graph g, String name, Node x, int cout, int k, int stride, int pad,
            int group, ElemKind kind) {
        int cin = x.type().dim(1);
        // depthwise weights with offsets (asymmetric): the kernel folds z_x * sum (w - z_w) into its start values
        Tensor w = q.weights(new int[] {cout, cin / group, k, k}, group > 1);
        List<Node> inputs = List.of(x, g.addConstant(name + "_w", w), g.addConstant(name + "_b", q.bias(cout)));
        Attributes a = Attributes.builder().put("group", group).put("strides", new long[] {stride, stride})
                .put("pads", new long[] {pad, pad, pad, pad}).build();
        Node conv = OpRegistry.create("Conv", name, inputs, a);
        conv.setType(new TensorType(kind, conv.inferShape(), q.output(kind, x.type(), w, cin / group * k * k)));
        return g.add(conv);
    }

    private static Node add(Graph g, String name, Node a, Node b, QuantParams out) {
        return add(g, OpRegistry.create("Add", name, List.of(a, b), Attributes.EMPTY), out);
    }

    private static Node add(Graph g, Node n, QuantParams out) {
        n.setType(new TensorType(ElemKind.INT8, n.inferShape(), out));
        return g.add(n);
    }
}
