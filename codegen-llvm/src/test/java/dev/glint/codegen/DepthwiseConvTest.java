package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.codegen.kernels.KernelSelector;
import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The depthwise convolution kernel against the interpreter: random depthwise layers (planes 1x1 to
 * 13x23, 1 to 19 channels, kernels 3x3, 5x5, 1x3 and 3x1, strides 1 and 2, dilations 1 and 2, asymmetric
 * paddings, with and without bias), int8 bit-exact (int8 and uint8 activations and outputs, per-tensor
 * and per-channel weight scales, symmetric and asymmetric weights, int8 and uint8 weights) and float
 * within tolerance, on every CPU setting; and the kernel is what the selector picks.
 */
class DepthwiseConvTest {
    static final int GRAPHS = 8;
    static final int LAYERS = 5;
    private static final int[][] KERNELS = {{3, 3}, {3, 3}, {3, 3}, {5, 5}, {1, 3}, {3, 1}};

    /** One depthwise layer's shape. */
    record Layer(int batch, int channels, int h, int w, int[] kernel, int[] strides, int[] pads, int[] dilations,
            boolean bias) {
        Attributes attributes() {
            return Attributes.builder().put("group", channels).put("strides", longs(strides)).put("pads", longs(pads))
                    .put("dilations", longs(dilations)).build();
        }

        int[] input() {
            return new int[] {batch, channels, h, w};
        }

        int[] weights() {
            return new int[] {channels, 1, kernel[0], kernel[1]};
        }

        /** Output columns (ONNX's formula, floor mode). */
        int outputColumns() {
            return (w + pads[1] + pads[3] - (kernel[1] - 1) * dilations[1] - 1) / strides[1] + 1;
        }

        /**
         * Whether the kernel runs this layer: a column stride needs output rows of at least 8 columns
         * (narrower ones are faster on the portable loops).
         */
        boolean depthwiseKernel() {
            return strides[1] == 1 || outputColumns() >= 8;
        }
    }

    static Layer randomLayer(QuantizedLayers q) {
        Random r = q.random();
        int[] k = KERNELS[r.nextInt(KERNELS.length)];
        int[] s = {q.between(1, 2), q.between(1, 2)};
        int[] d = {q.between(1, 2), q.between(1, 2)};
        int[] pads = {q.between(0, 2), q.between(0, 2), q.between(0, 2), q.between(0, 2)};
        int[] in = new int[2];
        int[] max = {13, 23};
        for (int i = 0; i < 2; i++) {
            int extent = (k[i] - 1) * d[i] + 1;
            in[i] = q.between(Math.max(1, extent - pads[i] - pads[i + 2]), max[i]);
        }
        if (s[1] == 2 && r.nextInt(3) > 0) {
            in[1] = q.between(15, max[1]); // mostly wide enough that the strided layer runs on the kernel
        }
        return new Layer(q.between(1, 2), q.between(1, 19), in[0], in[1], k, s, pads, d, r.nextBoolean());
    }

    /** {@value #LAYERS} independent random layers (the first a MobileNet-like 3x3) in one graph. */
    static Graph graph(int index, boolean quantized) {
        return graph(index, quantized, new ArrayList<>());
    }

    /** As above, adding the layers' shapes to {@code layers}. */
    static Graph graph(int index, boolean quantized, List<Layer> layers) {
        QuantizedLayers q = new QuantizedLayers(7919L * index + (quantized ? 3 : 4));
        Graph g = new Graph((quantized ? "int8_depthwise_" : "float_depthwise_") + index);
        for (int i = 0; i < LAYERS; i++) {
            Layer l = i == 0 ? mobileNetLike(q, index) : randomLayer(q);
            layers.add(l);
            if (quantized) {
                int8Layer(q, g, "l" + i + "_", l);
            } else {
                floatLayer(q, g, "l" + i + "_", l);
            }
        }
        return g;
    }

    /** A 3x3 layer with padding 1 and stride 1 or 2, on a plane wider than a vector and one narrower. */
    private static Layer mobileNetLike(QuantizedLayers q, int index) {
        int side = index % 2 == 0 ? 14 : 7;
        int stride = index % 4 < 2 ? 1 : 2;
        return new Layer(1, q.between(1, 19), side, side, new int[] {3, 3}, new int[] {stride, stride},
                new int[] {1, 1, 1, 1}, new int[] {1, 1}, true);
    }

    static void int8Layer(QuantizedLayers q, Graph g, String prefix, Layer l) {
        Random r = q.random();
        ElemKind in = r.nextInt(3) == 0 ? ElemKind.UINT8 : ElemKind.INT8;
        ElemKind out = r.nextInt(3) == 0 ? ElemKind.UINT8 : ElemKind.INT8;
        TensorType xt = q.activation(in, l.input());
        InputNode x = g.addInput(prefix + "x", xt);
        Tensor w = weights(q, l.weights());
        List<Node> inputs = new ArrayList<>(List.of(x, g.addConstant(prefix + "w", w)));
        if (l.bias()) {
            inputs.add(g.addConstant(prefix + "b", q.bias(l.channels())));
        }
        QuantizedLayers.addOutput(g, "Conv", prefix + "y", inputs, l.attributes(), out,
                q.output(out, xt, w, l.kernel()[0] * l.kernel()[1]));
    }

    /** Int8 or uint8 weights, per tensor or per channel, symmetric or not. */
    private static Tensor weights(QuantizedLayers q, int[] shape) {
        Random r = q.random();
        if (r.nextBoolean()) {
            return q.weights(shape, r.nextInt(3) == 0);
        }
        boolean unsigned = r.nextBoolean();
        ElemKind kind = unsigned ? ElemKind.UINT8 : ElemKind.INT8;
        int z = unsigned ? q.between(100, 150) : r.nextBoolean() ? 0 : q.between(-20, 20);
        TensorType t = new TensorType(kind, shape, QuantParams.perTensor(q.scale(), z));
        return Tensor.ofInts(t, q.ints(t.numElements(), (int) kind.min(), (int) kind.max()));
    }

    static void floatLayer(QuantizedLayers q, Graph g, String prefix, Layer l) {
        List<Node> inputs = new ArrayList<>(List.of(g.addInput(prefix + "x", TensorType.f32(l.input())),
                g.addConstant(prefix + "w", SweepGraphs.floats(q.random(), l.weights()))));
        if (l.bias()) {
            inputs.add(g.addConstant(prefix + "b", SweepGraphs.floats(q.random(), l.channels())));
        }
        Node n = g.add(OpRegistry.create("Conv", prefix + "y", inputs, l.attributes()));
        g.addOutput(prefix + "y", n);
    }

    static long[] longs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (TargetSpec t : JitTester.cpuSettings()) {
            for (int i = 0; i < GRAPHS; i++) {
                all.add(Arguments.of(t.cpu(), t, i));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: graph {2}")
    @MethodSource("cases")
    void int8DepthwiseLayersAreBitExact(String cpu, TargetSpec target, int index) {
        JitTester.assertMatchesInterpreter(graph(index, true), target, DotProductPolicy.TARGET, index);
    }

    @ParameterizedTest(name = "{0}: graph {2}")
    @MethodSource("cases")
    void floatDepthwiseLayersAreWithinTolerance(String cpu, TargetSpec target, int index) {
        JitTester.assertMatchesInterpreter(graph(index, false), target, DotProductPolicy.TARGET, index);
    }

    /**
     * The sweep's layers run on the depthwise kernel except the strided ones with narrow output rows
     * (else the sweep would test the portable loops), and most of them do.
     */
    @Test
    void selectorPicksTheDepthwiseKernel() {
        int selected = 0;
        int total = 0;
        for (TargetSpec t : JitTester.cpuSettings()) {
            KernelSelector selector = new KernelSelector(t, DotProductPolicy.TARGET);
            for (int i = 0; i < GRAPHS; i++) {
                for (boolean quantized : new boolean[] {true, false}) {
                    List<Layer> layers = new ArrayList<>();
                    Graph g = graph(i, quantized, layers);
                    for (int k = 0; k < LAYERS; k++) {
                        Node n = g.find("l" + k + "_y");
                        String d = selector.select(n).description();
                        assertEquals(layers.get(k).depthwiseKernel(), d.contains("depthwise"), n.name() + " on " + t.cpu() + ": " + d);
                        selected += d.contains("depthwise") ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        assertTrue(selected >= total * 2 / 3, selected + " of " + total + " layers on the depthwise kernel");
    }

    /** A grouped convolution with two channels per group is not depthwise: the portable loops run it. */
    @Test
    void groupedConvolutionWithMultiplierTwoIsNotDepthwise() {
        QuantizedLayers q = new QuantizedLayers(11);
        Graph g = new Graph("multiplier2");
        TensorType xt = TensorType.f32(1, 4, 6, 6);
        List<Node> inputs = List.of(g.addInput("x", xt), g.addConstant("w", SweepGraphs.floats(q.random(), 8, 1, 3, 3)));
        Node n = g.add(OpRegistry.create("Conv", "y", inputs, Attributes.builder().put("group", 4).build()));
        g.addOutput("y", n);
        String d = new KernelSelector(TargetSpec.host(), DotProductPolicy.TARGET).select(n).description();
        assertTrue(!d.contains("depthwise"), d);
    }
}
