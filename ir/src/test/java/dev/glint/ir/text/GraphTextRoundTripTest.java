package dev.glint.ir.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.Verifier;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.testing.GraphTesting;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphTextRoundTripTest {
    /** Every registered operation once, written exactly as the printer writes it. */
    static final String ALL_OPS = """
            graph all_ops(%x: f32[1,2,4,4], %m: f32[2,3]) {
              %w = Constant f32[2,2,1,1] [1.0, 0.5, -0.25, 2.0]
              %b = Constant f32[2] [0.1, -0.1]
              %conv = Conv(%x, %w, %b) {dilations=[1,1], group=1, pads=[0,0,0,0], strides=[1,1]} : f32[1,2,4,4] loc("conv_0")
              %add = Add(%conv, %x) : f32[1,2,4,4]
              %sub = Sub(%add, %x) : f32[1,2,4,4]
              %mul = Mul(%sub, %conv) : f32[1,2,4,4]
              %two = Constant f32[] [2.0]
              %div = Div(%mul, %two) : f32[1,2,4,4]
              %max = Max(%div, %x) : f32[1,2,4,4]
              %min = Min(%max, %add) : f32[1,2,4,4]
              %slope = Constant f32[2,1,1] [0.25, 0.5]
              %prelu = PRelu(%min, %slope) : f32[1,2,4,4]
              %relu = Relu(%prelu) : f32[1,2,4,4]
              %leaky = LeakyRelu(%sub) {alpha=0.1} : f32[1,2,4,4]
              %clip = Clip(%leaky) {max=6.0, min=-inf} : f32[1,2,4,4]
              %sig = Sigmoid(%clip) : f32[1,2,4,4]
              %tanh = Tanh(%sig) : f32[1,2,4,4]
              %exp = Exp(%tanh) : f32[1,2,4,4]
              %scale = Constant f32[2] [1.0, 2.0]
              %shift = Constant f32[2] [0.0, -1.0]
              %mean = Constant f32[2] [0.5, 0.25]
              %var = Constant f32[2] [1.0, 4.0]
              %bn = BatchNormalization(%exp, %scale, %shift, %mean, %var) {epsilon=1.0E-5} : f32[1,2,4,4]
              %lrn = LRN(%bn) {alpha=1.0E-4, beta=0.75, bias=1.0, size=3} : f32[1,2,4,4]
              %maxpool = MaxPool(%lrn) {ceil_mode=0, dilations=[1,1], kernel_shape=[2,2], pads=[0,0,0,0], strides=[2,2]} : f32[1,2,2,2]
              %avgpool = AveragePool(%relu) {count_include_pad=0, kernel_shape=[3,3], pads=[1,1,1,1], strides=[2,2]} : f32[1,2,2,2]
              %cat = Concat(%maxpool, %avgpool) {axis=1} : f32[1,4,2,2]
              %gap = GlobalAveragePool(%cat) : f32[1,4,1,1]
              %gmp = GlobalMaxPool(%cat) : f32[1,4,1,1]
              %pad = Pad(%cat) {mode="reflect", pads=[0,0,1,1,0,0,1,1]} : f32[1,4,4,4]
              %slice = Slice(%pad) {ends=[1,4,0,4], starts=[0,0,3,0], steps=[1,1,-1,2]} : f32[1,4,3,2]
              %tr = Transpose(%slice) {perm=[0,2,3,1]} : f32[1,3,2,4]
              %flat = Reshape(%gap) {shape=[1,4]} : f32[1,4]
              %fcw = Constant f32[3,4] [0.5, -0.5, 1.0, 0.0, 0.25, 0.75, -1.0, 2.0, 1.5, 0.125, -0.375, 1.0]
              %fcb = Constant f32[3] [0.0, 1.0, -1.0]
              %fc = FullyConnected(%flat, %fcw, %fcb) : f32[1,3]
              %gemm = Gemm(%m, %m) {alpha=0.5, beta=1.0, transA=0, transB=1} : f32[2,2]
              %mm = MatMul(%gemm, %m) : f32[2,3]
              %sm = Softmax(%mm) {axis=1} : f32[2,3]
              %lsm = LogSoftmax(%fc) {axis=-1, coerce2d=1} : f32[1,3]
              %q = Quantize(%lsm) : i8[1,3]{scale=0.05,offset=10}
              %rq = Rescale(%q) : u8[1,3]{scale=0.1,offset=128}
              %dq = Dequantize(%rq) : f32[1,3]
              return %tr, %gmp, %sm as "softmax out", %dq
            }
            """;

    @Test
    void everyOperationPrintsBackToTheSameText() {
        Graph g = GraphParser.parse(ALL_OPS);
        Verifier.verify(g);
        assertEquals(ALL_OPS, GraphPrinter.toText(g));
        Set<String> ops = new HashSet<>(g.opCounts().keySet());
        ops.remove("Constant");
        assertEquals(OpRegistry.ops(), ops, "the test graph should use every registered operation");
        assertEquals("conv_0", g.find("conv").origin());
        assertEquals("softmax out", g.outputs().get(2).name());
        assertSame(g.find("sm"), g.outputs().get(2).node());
    }

    @Test
    void parsedGraphEvaluatesLikeTheGraphItWasPrintedFrom() {
        Graph original = GraphParser.parse(ALL_OPS);
        Graph reparsed = GraphParser.parse(GraphPrinter.withAllData().print(original));
        GraphTesting.assertSameResults(original, reparsed, 0);
    }

    /** A graph built through the API with names, types and values that stress the syntax. */
    static Graph awkwardGraph() {
        Graph g = new Graph("model/v1 \"final\"");
        QuantParams q = QuantParams.perTensor(0.5f, -3);
        InputNode qin = g.addInput("gpu_0/data:0", new TensorType(ElemKind.INT8, new int[] {2, 4}, q));
        InputNode fin = g.addInput("0", TensorType.f32(2, 3));
        QuantParams perAxis = QuantParams.perAxis(0, new float[] {0.25f, 1.0E-7f}, new int[] {0, -128});
        ConstantNode qc = g.addConstant("weights.q", Tensor.ofInts(new TensorType(ElemKind.INT8, new int[] {2, 4}, perAxis),
                new int[] {-128, 127, 0, 1, 2, 3, -1, 5}));
        Node cat = g.add(OpRegistry.create("Concat", "concat-out", List.of(qin, qin), Attributes.builder().put("axis", 0).build()));
        cat.setType(new TensorType(ElemKind.INT8, new int[] {4, 4}, q));
        g.addConstant("specials", Tensor.ofFloats(new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE}, 6));
        g.addConstant("i64", Tensor.ofLongs(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3));
        g.addConstant("u8", Tensor.ofInts(TensorType.of(ElemKind.UINT8, 2), new int[] {0, 255}));
        g.addConstant("i16", Tensor.ofInts(TensorType.of(ElemKind.INT16, 2), new int[] {-32768, 32767}));
        g.addConstant("i32", Tensor.ofInts(TensorType.of(ElemKind.INT32, 1), new int[] {Integer.MIN_VALUE}));
        g.addConstant("empty", Tensor.ofFloats(new float[0], 0, 3));
        Attributes odd = Attributes.builder().put("alpha", Float.NaN).put("note", "say \"hi\"\\\n\ttab\u0001")
                .put("names", new String[] {"a", "b,c"}).put("fl", new float[] {1.5f, -0.0f, Float.NEGATIVE_INFINITY})
                .put("none", new long[0]).put("odd key", 7).build();
        Node leaky = g.add(OpRegistry.create("LeakyRelu", "leaky/relu", List.of(fin), odd));
        leaky.setOrigin("node \"1\"");
        g.addOutput("gpu_0/data:0", qin);
        g.addOutput("concat-out", cat);
        g.addOutput("out:leaky", leaky);
        return g;
    }

    @Test
    void awkwardNamesTypesAndValuesRoundTrip() {
        Graph g = awkwardGraph();
        Verifier.verify(g);
        String text = GraphPrinter.toText(g);
        assertTrue(text.startsWith("graph \"model/v1 \\\"final\\\"\"(%\"gpu_0/data:0\": i8[2,4]{scale=0.5,offset=-3}, %0: f32[2,3]) {\n"), text);
        assertTrue(text.contains("  %weights.q = Constant i8[2,4]{axis=0,scale=[0.25,1.0E-7],offset=[0,-128]} "
                + "[-128, 127, 0, 1, 2, 3, -1, 5]\n"), text);
        assertTrue(text.contains("  %\"concat-out\" = Concat(%\"gpu_0/data:0\", %\"gpu_0/data:0\") {axis=0} : i8[4,4]{scale=0.5,offset=-3}\n"), text);
        assertTrue(text.contains("  %specials = Constant f32[6] [nan, inf, -inf, -0.0, 1.4E-45, 3.4028235E38]\n"), text);
        assertTrue(text.contains("  %i64 = Constant i64[3] [-9223372036854775808, 0, 9223372036854775807]\n"), text);
        assertTrue(text.contains("  %empty = Constant f32[0,3] []\n"), text);
        assertTrue(text.contains("  %\"leaky/relu\" = LeakyRelu(%0) {alpha=nan, fl=[1.5,-0.0,-inf], names=[\"a\",\"b,c\"], "
                + "none=[], note=\"say \\\"hi\\\"\\\\\\n\\ttab\\u0001\", \"odd key\"=7} : f32[2,3] loc(\"node \\\"1\\\"\")\n"), text);
        assertTrue(text.endsWith("  return %\"gpu_0/data:0\", %\"concat-out\", %\"leaky/relu\" as \"out:leaky\"\n}\n"), text);

        Graph parsed = GraphParser.parse(text);
        Verifier.verify(parsed);
        assertEquals(text, GraphPrinter.toText(parsed));
        assertEquals(g.name(), parsed.name());
        assertEquals(g.find("leaky/relu").attributes(), parsed.find("leaky/relu").attributes());
        assertEquals(cast(g.find("weights.q")).value(), cast(parsed.find("weights.q")).value());
        assertEquals(g.find("concat-out").type(), parsed.find("concat-out").type());
        assertEquals(cast(g.find("specials")).value(), cast(parsed.find("specials")).value(), "bit-exact floats");
        GraphTesting.assertSameResults(g, parsed, 0);
    }

    @Test
    void randomFloatsReadBackBitExactly() {
        Random r = new Random(7);
        float[] values = new float[4000];
        for (int i = 0; i < values.length; i++) {
            // Random bit patterns cover subnormals, huge and tiny exponents; NaN payloads are not kept.
            float f = Float.intBitsToFloat(r.nextInt());
            values[i] = Float.isNaN(f) ? 0.1f * i : f;
        }
        Graph g = new Graph("floats");
        g.addOutput("c", g.addConstant("c", Tensor.ofFloats(values, values.length)));
        Graph parsed = GraphParser.parse(GraphPrinter.withAllData().print(g));
        float[] back = cast(parsed.find("c")).value().floats();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "value " + values[i]);
        }
    }

    @Test
    void largeConstantsAreElidedUnlessAllDataIsRequested() {
        Graph g = new Graph("big");
        g.addOutput("w", g.addConstant("w", Tensor.ofFloats(new float[65], 65)));
        assertEquals("graph big() {\n  %w = Constant f32[65] <elided 65 values>\n  return %w\n}\n", GraphPrinter.toText(g));
        assertTrue(GraphPrinter.withAllData().print(g).contains("[0.0, 0.0,"));
        assertEquals("graph big() {\n  %w = Constant f32[65] <elided 65 values>\n  return %w\n}\n",
                new GraphPrinter().withDataLimit(3).print(g));
    }

    @Test
    void locationsCanBeLeftOut() {
        Graph g = GraphParser.parse(ALL_OPS);
        String text = new GraphPrinter().withLocations(false).print(g);
        assertTrue(text.contains("strides=[1,1]} : f32[1,2,4,4]\n"), text);
        assertEquals("", GraphParser.parse(text).find("conv").origin());
    }

    @Test
    void typesAreOptionalInHandWrittenText() {
        Graph g = GraphParser.parse("""
                // a comment
                graph g(%x: f32[2,3]) {
                  %r = Relu(%x)  // inferred
                  %t = Transpose(%r) {perm=[1,0]}
                  return %t
                }""");
        assertEquals(TensorType.f32(3, 2), g.find("t").type());
    }

    @Test
    void graphWithoutOutputsOrInputs() {
        String text = "graph empty() {\n  return\n}\n";
        assertEquals(text, GraphPrinter.toText(GraphParser.parse(text)));
    }

    @Test
    void typesParseAsTheyPrint() {
        for (String t : List.of("f32[]", "f32[1,3,224,224]", "i8[1,8]{scale=0.5,offset=-3}", "u8[0]",
                "i8[2,3]{axis=1,scale=[0.5,0.25,1.0E-4],offset=[0,1,-2]}", "i32[4]{scale=1.5E-5,offset=0}", "i64[2]")) {
            assertEquals(t, GraphParser.parseType(t).toString());
        }
        TensorType q = GraphParser.parseType("i8[2]{axis=0,scale=[0.5,0.25],offset=[1,2]}");
        assertArrayEquals(new float[] {0.5f, 0.25f}, q.quant().scales());
        assertNull(GraphParser.parseType("f32[1]").quant());
    }

    private static ConstantNode cast(Node n) {
        return (ConstantNode) n;
    }
}
