package dev.glint.codegen;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Quantized test graphs, one layer each, built through the API with {@link QuantizedLayers}. */
final class Int8Graphs {
    private Int8Graphs() {}

    /** Parameters of one 2-D (or, with {@code h == 0}, 1-D) convolution. */
    record Conv(int batch, int cin, int h, int w, int cout, int group, int kh, int kw, int[] strides, int[] pads,
            int[] dilations, boolean bias, ElemKind in, ElemKind out, boolean asymmetric) {
        @Override
        public String toString() {
            return String.format("conv n%d c%d %s%dx%d -> %d g%d k%dx%d s%s p%s d%s%s %s->%s%s", batch, cin,
                    h == 0 ? "1d " : "", h, w, cout, group, kh, kw, java.util.Arrays.toString(strides),
                    java.util.Arrays.toString(pads), java.util.Arrays.toString(dilations), bias ? " bias" : "",
                    in.mnemonic(), out.mnemonic(), asymmetric ? " asym" : "");
        }
    }

    static Graph conv(QuantizedLayers q, Conv c) {
        Graph g = new Graph("conv");
        conv(q, g, "", c);
        return g;
    }

    /** Adds {@code c} to {@code g} with input {@code prefix + "x"} and output {@code prefix + "y"}. */
    static void conv(QuantizedLayers q, Graph g, String prefix, Conv c) {
        boolean oneD = c.h() == 0;
        int[] xShape = oneD ? new int[] {c.batch(), c.cin(), c.w()} : new int[] {c.batch(), c.cin(), c.h(), c.w()};
        int[] wShape = oneD ? new int[] {c.cout(), c.cin() / c.group(), c.kw()}
                : new int[] {c.cout(), c.cin() / c.group(), c.kh(), c.kw()};
        TensorType xt = q.activation(c.in(), xShape);
        InputNode x = g.addInput(prefix + "x", xt);
        Tensor wt = q.weights(wShape, c.asymmetric());
        List<Node> inputs = new ArrayList<>(List.of(x, g.addConstant(prefix + "w", wt)));
        if (c.bias()) {
            inputs.add(g.addConstant(prefix + "b", q.bias(c.cout())));
        }
        Attributes a = Attributes.builder().put("group", c.group()).put("strides", longs(c.strides()))
                .put("pads", longs(c.pads())).put("dilations", longs(c.dilations())).build();
        int depth = c.cin() / c.group() * c.kh() * c.kw();
        QuantizedLayers.addOutput(g, "Conv", prefix + "y", inputs, a, c.out(), q.output(c.out(), xt, wt, depth));
    }

    static Graph fullyConnected(QuantizedLayers q, int rows, int depth, int cout, boolean bias, ElemKind in,
            boolean asymmetric) {
        Graph g = new Graph("fc");
        fullyConnected(q, g, "", rows, depth, cout, bias, in, asymmetric);
        return g;
    }

    static void fullyConnected(QuantizedLayers q, Graph g, String prefix, int rows, int depth, int cout, boolean bias,
            ElemKind in, boolean asymmetric) {
        TensorType xt = q.activation(in, rows, depth);
        InputNode x = g.addInput(prefix + "x", xt);
        Tensor wt = q.weights(new int[] {cout, depth}, asymmetric);
        List<Node> inputs = new ArrayList<>(List.of(x, g.addConstant(prefix + "w", wt)));
        if (bias) {
            inputs.add(g.addConstant(prefix + "b", q.bias(cout)));
        }
        QuantizedLayers.addOutput(g, "FullyConnected", prefix + "y", inputs, Attributes.EMPTY, ElemKind.INT8,
                q.output(ElemKind.INT8, xt, wt, depth));
    }

    /** A pooling layer ({@code op} MaxPool or AveragePool) or a global pool (then the window is ignored). */
    static Graph pool(QuantizedLayers q, String op, int[] shape, int[] kernel, int[] strides, int[] pads,
            boolean ceil, boolean includePad, boolean sameParams) {
        Graph g = new Graph("pool");
        pool(q, g, "", op, shape, kernel, strides, pads, ceil, includePad, sameParams);
        return g;
    }

    static void pool(QuantizedLayers q, Graph g, String prefix, String op, int[] shape, int[] kernel, int[] strides,
            int[] pads, boolean ceil, boolean includePad, boolean sameParams) {
        TensorType xt = q.activation(ElemKind.INT8, shape);
        InputNode x = g.addInput(prefix + "x", xt);
        Attributes a = op.startsWith("Global") ? Attributes.EMPTY : Attributes.builder().put("kernel_shape", longs(kernel))
                .put("strides", longs(strides)).put("pads", longs(pads)).put("ceil_mode", ceil ? 1 : 0)
                .put("count_include_pad", includePad ? 1 : 0).build();
        QuantParams out = sameParams ? xt.quant() : QuantParams.perTensor(q.scale(), q.offset(ElemKind.INT8));
        QuantizedLayers.addOutput(g, op, prefix + "y", List.of(x), a, ElemKind.INT8, out);
    }

    /** A binary elementwise op with broadcasting between {@code a} and {@code b} shapes. */
    static Graph binary(QuantizedLayers q, String op, int[] a, int[] b, boolean sameParams) {
        Graph g = new Graph("binary");
        binary(q, g, "", op, a, b, sameParams);
        return g;
    }

    static void binary(QuantizedLayers q, Graph g, String prefix, String op, int[] a, int[] b, boolean sameParams) {
        TensorType at = q.activation(ElemKind.INT8, a);
        TensorType bt = sameParams ? new TensorType(ElemKind.INT8, b, at.quant()) : q.activation(ElemKind.INT8, b);
        InputNode x = g.addInput(prefix + "a", at);
        InputNode y = g.addInput(prefix + "b", bt);
        QuantParams out = sameParams ? at.quant() : QuantParams.perTensor(q.scale(), q.offset(ElemKind.INT8));
        QuantizedLayers.addOutput(g, op, prefix + "y", List.of(x, y), Attributes.EMPTY, ElemKind.INT8, out);
    }

    static long[] longs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }
}
