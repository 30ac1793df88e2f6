package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.Profiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small float networks, their calibration samples and profiles, for the optimizer's tests. */
final class FloatNets {
    private final Random rnd;
    private final Graph g;

    FloatNets(String name, long seed) {
        this.rnd = new Random(seed);
        this.g = new Graph(name);
    }

    Graph graph() {
        return g;
    }

    Random random() {
        return rnd;
    }

    /** A tensor of uniform values in {@code [lo, hi)}. */
    Tensor uniform(float lo, float hi, int... shape) {
        return uniform(rnd, lo, hi, shape);
    }

    static Tensor uniform(Random r, float lo, float hi, int... shape) {
        TensorType t = TensorType.f32(shape);
        float[] v = new float[t.numElements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + r.nextFloat() * (hi - lo);
        }
        return Tensor.ofFloats(t, v);
    }

    Node input(String name, int... shape) {
        return g.addInput(name, TensorType.f32(shape));
    }

    Node op(String op, String name, Attributes a, Node... in) {
        return g.add(OpRegistry.create(op, name, List.of(in), a));
    }

    Node op(String op, String name, Node... in) {
        return op(op, name, Attributes.EMPTY, in);
    }

    /** A convolution with random weights in [-0.5, 0.5) and biases in [-0.1, 0.1), {@code pad} on every side. */
    Node conv(String name, Node x, int out, int kernel, int pad) {
        int in = x.type().dim(1);
        Node w = g.addConstant(name + "_w", uniform(-0.5f, 0.5f, out, in, kernel, kernel));
        Node b = g.addConstant(name + "_b", uniform(-0.1f, 0.1f, out));
        return op("Conv", name, Attributes.builder().put("pads", new long[] {pad, pad, pad, pad}).build(), x, w, b);
    }

    Node clip(String name, Node x, float min, float max) {
        return op("Clip", name, Attributes.builder().put("min", min).put("max", max).build(), x);
    }

    Node maxPool(String name, Node x, int kernel, int stride, int pad) {
        return op("MaxPool", name, Attributes.builder().put("kernel_shape", new long[] {kernel, kernel})
                .put("strides", new long[] {stride, stride}).put("pads", new long[] {pad, pad, pad, pad}).build(), x);
    }

    /** Calibration samples: uniform values in [-1, 1) for every float input. */
    List<Map<String, Tensor>> samples(int count) {
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Tensor> s = new java.util.LinkedHashMap<>();
            for (var in : g.inputs()) {
                s.put(in.name(), uniform(-1f, 1f, in.type().shape()));
            }
            samples.add(s);
        }
        return samples;
    }

    /** The profile of {@code graph} over {@code samples}. */
    static Profile profile(Graph graph, List<Map<String, Tensor>> samples) {
        Profiler p = new Profiler(graph);
        samples.forEach(p::addSample);
        return p.toProfile("test");
    }

    /**
     * A CNN using every operation the optimizer rewrites around: Conv, Relu, MaxPool, a residual Add,
     * Concat of differently scaled inputs, GlobalAveragePool, Reshape, FullyConnected, Clip, Max and
     * Transpose. Outputs {@code logits} [1,10] and {@code side} [1,4,4,4].
     */
    static FloatNets residualCnn(long seed) {
        FloatNets n = new FloatNets("residual", seed);
        Node x = n.input("x", 1, 2, 8, 8);
        Node r1 = n.op("Relu", "r1", n.conv("c1", x, 4, 3, 1));
        Node mp = n.maxPool("mp", r1, 3, 2, 1);
        Node r2 = n.op("Relu", "r2", n.conv("c2", mp, 4, 3, 1));
        Node c3 = n.conv("c3", mp, 4, 1, 0);
        Node r3 = n.op("Relu", "r3", n.op("Add", "s", r2, c3));
        Node cat = n.op("Concat", "cat", Attributes.builder().put("axis", 1).build(), r3, mp);
        Node gap = n.op("GlobalAveragePool", "gap", cat);
        Node flat = n.op("Reshape", "flat", Attributes.builder().put("shape", new long[] {1, 8}).build(), gap);
        Node wf = n.g.addConstant("fc_w", n.uniform(-0.5f, 0.5f, 10, 8));
        Node bf = n.g.addConstant("fc_b", n.uniform(-0.1f, 0.1f, 10));
        Node fc = n.op("FullyConnected", "fc", flat, wf, bf);
        Node cl = n.clip("cl", c3, 0f, 0.5f);
        Node mx = n.op("Max", "mx", r2, cl);
        Node t = n.op("Transpose", "t", Attributes.builder().put("perm", new long[] {0, 2, 3, 1}).build(), mx);
        n.g.addOutput("logits", fc);
        n.g.addOutput("side", t);
        return n;
    }
}
