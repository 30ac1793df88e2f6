package dev.glint.codegen;

import dev.glint.codegen.JitTester.Int8Config;
import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.ops.OpRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv and fully connected layers whose requantization multiplier is exactly 1 and whose operands are
 * small, so that the output is the int32 accumulator itself (plus the output offset): any difference in
 * accumulation — packing, activation shift, bias correction, padding, tails — shows in the result. With
 * realistic multipliers (~0.005) a wrong accumulator would change few outputs.
 */
class AccumulatorExactnessTest {
    // s_x * s_w / s_y = 0.5 * 0.25 / 0.125 = 1, exactly in float32
    private static final float SX = 0.5f;
    private static final float SW = 0.25f;
    private static final float SY = 0.125f;

    private static Graph graph(ElemKind inKind, int zx, int zy) {
        Random r = new Random(inKind.ordinal() * 31L + zx);
        Graph g = new Graph("accumulators");
        int[][] convs = { // cin, h, w, cout, group, kh, kw, stride, pad, dilation
            {5, 6, 7, 19, 1, 3, 3, 1, 1, 1}, {6, 5, 5, 6, 6, 3, 3, 2, 1, 2}, {4, 4, 9, 6, 2, 2, 3, 1, 2, 1}, {17, 3, 3, 3, 1, 1, 1, 1, 0, 1}};
        for (int i = 0; i < convs.length; i++) {
            int[] c = convs[i];
            InputNode x = g.addInput("x" + i, type(inKind, QuantParams.perTensor(SX, zx), 1, c[0], c[1], c[2]));
            Node w = g.addConstant("w" + i, weights(r, c[3], c[0] / c[4], c[5], c[6]));
            Node b = g.addConstant("b" + i, Tensor.ofInts(TensorType.of(ElemKind.INT32, c[3]), small(r, c[3], 20)));
            Attributes a = Attributes.builder().put("group", c[4]).put("strides", new long[] {c[7], c[7]})
                    .put("pads", new long[] {c[8], c[8], c[8], c[8]}).put("dilations", new long[] {c[9], c[9]}).build();
            add(g, "Conv", "conv" + i, List.of(x, w, b), a, zy);
        }
        int[][] fcs = {{1, 45, 37}, {6, 8, 16}, {3, 1, 5}};
        for (int i = 0; i < fcs.length; i++) {
            int[] f = fcs[i];
            InputNode x = g.addInput("v" + i, type(inKind, QuantParams.perTensor(SX, zx), f[0], f[1]));
            add(g, "FullyConnected", "fc" + i, List.of(x, g.addConstant("fw" + i, weights(r, f[2], f[1]))), Attributes.EMPTY, zy);
        }
        return g;
    }

    private static TensorType type(ElemKind kind, QuantParams q, int... shape) {
        return new TensorType(kind, shape, q);
    }

    private static Tensor weights(Random r, int... shape) {
        float[] scales = new float[shape[0]];
        java.util.Arrays.fill(scales, SW);
        TensorType t = type(ElemKind.INT8, QuantParams.perAxis(0, scales, new int[shape[0]]), shape);
        return Tensor.ofInts(t, small(r, t.numElements(), 3));
    }

    private static int[] small(Random r, int n, int magnitude) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(2 * magnitude + 1) - magnitude;
        }
        return v;
    }

    private static void add(Graph g, String op, String name, List<Node> inputs, Attributes a, int zy) {
        Node n = OpRegistry.create(op, name, inputs, a);
        n.setType(new TensorType(ElemKind.INT8, n.inferShape(), QuantParams.perTensor(SY, zy)));
        g.add(n);
        g.addOutput(name, n);
    }

    /** Inputs within a few codes of their offset, so that accumulators stay far from saturation. */
    private static Map<String, Tensor> inputs(Graph g, int zx, ElemKind kind) {
        Random r = new Random(9);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (InputNode x : g.inputs()) {
            int[] v = small(r, x.type().numElements(), 4);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max((int) kind.min(), Math.min((int) kind.max(), v[i] + zx));
            }
            in.put(x.name(), Tensor.ofInts(x.type(), v));
        }
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.glint.codegen.JitTester#int8Configs")
    void accumulatorsEqualTheInterpreters(Int8Config config) {
        List<int[]> variants = new ArrayList<>(); // input kind (0 = i8, 1 = u8), z_x, z_y
        variants.add(new int[] {0, 0, 0});
        variants.add(new int[] {0, -37, 11});
        variants.add(new int[] {1, 128, -5});
        variants.add(new int[] {1, 3, 0});
        for (int[] v : variants) {
            ElemKind kind = v[0] == 0 ? ElemKind.INT8 : ElemKind.UINT8;
            Graph g = graph(kind, v[1], v[2]);
            Map<String, Tensor> in = inputs(g, v[1], kind);
            Map<String, Tensor> expected = Interpreter.run(g, in);
            try (CompiledNetwork net = new JitCompiler(config.target(),
                    CodegenOptions.defaults().withDotProduct(config.policy())).compile(g)) {
                JitTester.assertClose(expected, net.run(in), config + " " + kind + " z_x=" + v[1]);
            }
        }
    }
}
