package dev.glint.codegen;

import dev.glint.codegen.JitTester.Int8Config;
import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A small int8 CNN end to end (quantize, four 3x3 convolutions with ReLU tables, max pool, global
 * average pool, fully connected, dequantize): bit-exact against the interpreter on every int8
 * configuration, with compile time and latency printed.
 */
class Int8NetworkTest {
    static Graph network() {
        QuantizedLayers q = new QuantizedLayers(77);
        Graph g = new Graph("int8_cnn");
        Node x = g.addInput("image", TensorType.f32(1, 3, 64, 64));
        TensorType qt = new TensorType(ElemKind.INT8, new int[] {1, 3, 64, 64}, QuantParams.perTensor(0.03f, 0));
        Node cur = g.add(dev.glint.ir.ops.QuantizeNode.of("q", x, qt));
        int[][] convs = {{3, 32, 1}, {32, 32, 1}, {32, 64, 2}, {64, 64, 1}}; // cin, cout, stride
        for (int i = 0; i < convs.length; i++) {
            int[] c = convs[i];
            Tensor w = q.weights(new int[] {c[1], c[0], 3, 3}, false);
            Attributes a = Attributes.builder().put("pads", new long[] {1, 1, 1, 1})
                    .put("strides", new long[] {c[2], c[2]}).build();
            List<Node> in = new ArrayList<>(List.of(cur, g.addConstant("w" + i, w), g.addConstant("b" + i, q.bias(c[1]))));
            cur = add(g, "Conv", "conv" + i, in, a, q.output(ElemKind.INT8, cur.type(), w, 9 * c[0]));
            cur = add(g, "Relu", "relu" + i, List.of(cur), Attributes.EMPTY, cur.type().quant());
            if (i == 1) {
                Attributes p = Attributes.builder().put("kernel_shape", new long[] {2, 2}).put("strides", new long[] {2, 2}).build();
                cur = add(g, "MaxPool", "pool", List.of(cur), p, cur.type().quant());
            }
        }
        cur = add(g, "GlobalAveragePool", "gap", List.of(cur), Attributes.EMPTY, cur.type().quant());
        cur = add(g, "Reshape", "flat", List.of(cur), Attributes.builder().put("shape", new long[] {1, 64}).build(),
                cur.type().quant());
        Tensor fw = q.weights(new int[] {10, 64}, false);
        cur = add(g, "FullyConnected", "fc", List.of(cur, g.addConstant("fw", fw), g.addConstant("fb", q.bias(10))),
                Attributes.EMPTY, q.output(ElemKind.INT8, cur.type(), fw, 64));
        Node out = g.add(OpRegistry.create("Dequantize", "logits", List.of(cur), Attributes.EMPTY));
        g.addOutput("logits", out);
        return g;
    }

    private static Node add(Graph g, String op, String name, List<Node> inputs, Attributes a, QuantParams params) {
        Node n = OpRegistry.create(op, name, inputs, a);
        n.setType(new TensorType(ElemKind.INT8, n.inferShape(), params));
        return g.add(n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.glint.codegen.JitTester#int8Configs")
    void bitExactOnEveryConfiguration(Int8Config config) {
        Graph g = network();
        Map<String, Tensor> in = JitTester.randomInputs(g, 3);
        Map<String, Tensor> expected = Interpreter.run(g, in);
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(config.policy());
        try (CompiledNetwork net = new JitCompiler(config.target(), options).compile(g)) {
            JitTester.assertClose(expected, net.run(in), config.toString());
            int runs = 50;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                net.run(in);
            }
            System.out.printf("int8 CNN (55 M MAC) on %s: compiled in %.0f ms, %.3f ms per inference%n", config,
                    net.compileMillis(), (System.nanoTime() - start) / 1e6 / runs);
        }
    }
}
