package dev.glint.codegen;

import dev.glint.codegen.Int8Graphs.Conv;
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

/**
 * Random graphs for the property sweep: each holds {@value #LAYERS} independent layers (two
 * convolutions, then a fully connected layer or a pool, then a pool or an elementwise op) with random odd
 * shapes, strides, paddings, dilations, groups (depthwise included), scales and offsets. Several layers
 * per graph keep the number of JIT compilations, and so the test time, modest.
 */
final class SweepGraphs {
    static final int LAYERS = 4;
    private static final String[] UNARY = {"Relu", "Sigmoid", "Tanh", "Exp", "Clip", "LeakyRelu"};
    private static final String[] BINARY = {"Add", "Mul", "Max", "Min"};

    private SweepGraphs() {}

    /** The {@code index}-th random graph, int8 or float. */
    static Graph graph(int index, boolean quantized) {
        QuantizedLayers q = new QuantizedLayers(1000L * index + (quantized ? 1 : 2));
        Random r = q.random();
        Graph g = new Graph((quantized ? "int8_sweep_" : "float_sweep_") + index);
        conv(q, g, "l0_", randomConv(q), quantized);
        conv(q, g, "l1_", randomConv(q), quantized);
        if (r.nextBoolean()) {
            fullyConnected(q, g, "l2_", quantized);
        } else {
            pool(q, g, "l2_", quantized);
        }
        switch (r.nextInt(3)) {
            case 0 -> pool(q, g, "l3_", quantized);
            case 1 -> binary(q, g, "l3_", quantized);
            default -> unary(q, g, "l3_", quantized);
        }
        return g;
    }

    static Conv randomConv(QuantizedLayers q) {
        Random r = q.random();
        boolean oneD = r.nextInt(7) == 0;
        boolean depthwise = r.nextInt(4) == 0;
        int group = depthwise ? q.between(1, 6) : q.between(1, 3);
        int cin = depthwise ? group : group * q.between(1, 5);
        int cout = group * (depthwise ? q.between(1, 2) : q.between(1, 7));
        int[] k = {oneD ? 1 : q.between(1, 4), q.between(1, 4)};
        int[] s = {q.between(1, 3), q.between(1, 3)};
        int[] d = {q.between(1, 2), q.between(1, 2)};
        int[] pb = {q.between(0, 2), q.between(0, 2)};
        int[] pe = {q.between(0, 2), q.between(0, 2)};
        int[] in = new int[2];
        for (int i = 0; i < 2; i++) {
            int extent = (k[i] - 1) * d[i] + 1;
            in[i] = q.between(Math.max(1, extent - pb[i] - pe[i]), 9);
        }
        ElemKind inKind = r.nextInt(4) == 0 ? ElemKind.UINT8 : ElemKind.INT8;
        ElemKind outKind = r.nextInt(4) == 0 ? ElemKind.UINT8 : ElemKind.INT8;
        boolean asymmetric = r.nextInt(6) == 0;
        if (oneD) {
            return new Conv(q.between(1, 2), cin, 0, in[1], cout, group, 1, k[1], new int[] {s[1]},
                    new int[] {pb[1], pe[1]}, new int[] {d[1]}, r.nextBoolean(), inKind, outKind, asymmetric);
        }
        return new Conv(q.between(1, 2), cin, in[0], in[1], cout, group, k[0], k[1], s, new int[] {pb[0], pb[1], pe[0], pe[1]},
                d, r.nextBoolean(), inKind, outKind, asymmetric);
    }

    private static void conv(QuantizedLayers q, Graph g, String prefix, Conv c, boolean quantized) {
        if (quantized) {
            Int8Graphs.conv(q, g, prefix, c);
            return;
        }
        boolean oneD = c.h() == 0;
        int[] x = oneD ? new int[] {c.batch(), c.cin(), c.w()} : new int[] {c.batch(), c.cin(), c.h(), c.w()};
        int[] w = oneD ? new int[] {c.cout(), c.cin() / c.group(), c.kw()}
                : new int[] {c.cout(), c.cin() / c.group(), c.kh(), c.kw()};
        List<Node> inputs = new ArrayList<>(List.of(g.addInput(prefix + "x", TensorType.f32(x)),
                g.addConstant(prefix + "w", floats(q.random(), w))));
        if (c.bias()) {
            inputs.add(g.addConstant(prefix + "b", floats(q.random(), c.cout())));
        }
        Attributes a = Attributes.builder().put("group", c.group()).put("strides", Int8Graphs.longs(c.strides()))
                .put("pads", Int8Graphs.longs(c.pads())).put("dilations", Int8Graphs.longs(c.dilations())).build();
        addFloat(g, "Conv", prefix + "y", inputs, a);
    }

    private static void fullyConnected(QuantizedLayers q, Graph g, String prefix, boolean quantized) {
        int rows = q.between(1, 6);
        int depth = q.between(1, 70);
        int cout = q.between(1, 40);
        boolean bias = q.random().nextBoolean();
        if (quantized) {
            Int8Graphs.fullyConnected(q, g, prefix, rows, depth, cout, bias,
                    q.random().nextInt(4) == 0 ? ElemKind.UINT8 : ElemKind.INT8, q.random().nextInt(6) == 0);
            return;
        }
        List<Node> inputs = new ArrayList<>(List.of(g.addInput(prefix + "x", TensorType.f32(rows, depth)),
                g.addConstant(prefix + "w", floats(q.random(), cout, depth))));
        if (bias) {
            inputs.add(g.addConstant(prefix + "b", floats(q.random(), cout)));
        }
        addFloat(g, "FullyConnected", prefix + "y", inputs, Attributes.EMPTY);
    }

    private static void pool(QuantizedLayers q, Graph g, String prefix, boolean quantized) {
        Random r = q.random();
        String op = new String[] {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"}[r.nextInt(4)];
        int[] k = {q.between(1, 3), q.between(1, 3)};
        int[] s = {q.between(1, 3), q.between(1, 3)};
        int[] pads = {q.between(0, k[0] - 1), q.between(0, k[1] - 1), q.between(0, k[0] - 1), q.between(0, k[1] - 1)};
        int[] shape = {q.between(1, 2), q.between(1, 5), q.between(k[0], 9), q.between(k[1], 9)};
        boolean ceil = r.nextBoolean();
        boolean includePad = r.nextBoolean();
        if (quantized) {
            Int8Graphs.pool(q, g, prefix, op, shape, k, s, pads, ceil, includePad, r.nextInt(3) == 0);
            return;
        }
        Attributes a = op.startsWith("Global") ? Attributes.EMPTY : Attributes.builder()
                .put("kernel_shape", Int8Graphs.longs(k)).put("strides", Int8Graphs.longs(s))
                .put("pads", Int8Graphs.longs(pads)).put("ceil_mode", ceil ? 1 : 0)
                .put("count_include_pad", includePad ? 1 : 0).build();
        addFloat(g, op, prefix + "y", List.of(g.addInput(prefix + "x", TensorType.f32(shape))), a);
    }

    /** Two shapes that broadcast: a random shape and a copy with some axes set to 1 or dropped. */
    private static int[][] broadcastShapes(QuantizedLayers q) {
        int rank = q.between(1, 4);
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = q.between(1, 5);
        }
        int drop = q.between(0, rank - 1);
        int[] b = new int[rank - drop];
        for (int i = 0; i < b.length; i++) {
            b[i] = q.random().nextInt(3) == 0 ? 1 : a[i + drop];
        }
        return q.random().nextBoolean() ? new int[][] {a, b} : new int[][] {b, a};
    }

    private static void binary(QuantizedLayers q, Graph g, String prefix, boolean quantized) {
        String op = BINARY[q.random().nextInt(BINARY.length)];
        int[][] shapes = broadcastShapes(q);
        if (quantized) {
            Int8Graphs.binary(q, g, prefix, op, shapes[0], shapes[1], q.random().nextInt(3) == 0);
            return;
        }
        addFloat(g, op, prefix + "y", List.of(g.addInput(prefix + "a", TensorType.f32(shapes[0])),
                g.addInput(prefix + "b", TensorType.f32(shapes[1]))), Attributes.EMPTY);
    }

    private static void unary(QuantizedLayers q, Graph g, String prefix, boolean quantized) {
        String op = UNARY[q.random().nextInt(UNARY.length)];
        Attributes a = switch (op) {
            case "Clip" -> Attributes.builder().put("min", -0.5f).put("max", 0.75f).build();
            case "LeakyRelu" -> Attributes.builder().put("alpha", 0.125f).build();
            default -> Attributes.EMPTY;
        };
        int[] shape = {q.between(1, 3), q.between(1, 70)};
        if (quantized) {
            ElemKind out = op.equals("Sigmoid") || op.equals("Exp") ? ElemKind.UINT8 : ElemKind.INT8;
            InputNode x = g.addInput(prefix + "x", q.activation(ElemKind.INT8, shape));
            QuantizedLayers.addOutput(g, op, prefix + "y", List.of(x), a, out,
                    QuantParams.perTensor(q.scale(), q.offset(out)));
            return;
        }
        addFloat(g, op, prefix + "y", List.of(g.addInput(prefix + "x", TensorType.f32(shape))), a);
    }

    private static void addFloat(Graph g, String op, String name, List<Node> inputs, Attributes a) {
        Node n = g.add(OpRegistry.create(op, name, inputs, a));
        g.addOutput(name, n);
    }

    /** Gaussian float weights (standard deviation 0.5) of {@code shape}. */
    static Tensor floats(Random r, int... shape) {
        TensorType t = TensorType.f32(shape);
        float[] v = new float[t.numElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
        }
        return Tensor.ofFloats(t, v);
    }
}
