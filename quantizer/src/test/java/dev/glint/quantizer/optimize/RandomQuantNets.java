package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;
import dev.glint.ir.quant.NumericContract;
import dev.glint.ir.quant.QuantRange;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.calibration.Calibration;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ValueProfile;
import dev.glint.quantizer.schema.AsymmetricSchema;
import dev.glint.quantizer.schema.Schema;
import dev.glint.quantizer.schema.SymmetricSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random quantized graphs of the operations the optimizer rewrites around: a random float network of
 * Conv, Relu, Clip, Add, Max, Min (also with a constant operand), MaxPool, Reshape, Transpose and Concat, profiled on random samples and
 * quantized with random scales (calibration ranges widened at random, a random schema, node-by-node or
 * island conversion, some nodes kept in float), then given random extra Rescale pairs and
 * Dequantize/Quantize detours on integer edges.
 *
 * @param floatGraph the float network
 * @param graph      its quantized version
 * @param samples    the calibration samples, inside whose ranges the types were chosen
 * @param keptFloat  whether some compute nodes were kept in float
 */
record RandomQuantNets(Graph floatGraph, Graph graph, List<Map<String, Tensor>> samples, boolean keptFloat) {

    static RandomQuantNets build(long seed) {
        Random r = new Random(seed);
        FloatNets net = new FloatNets("random" + seed, seed);
        Graph g = net.graph();
        int size = r.nextBoolean() ? 4 : 6;
        List<Node> values = new ArrayList<>(List.of(net.input("x", 1, 1 + r.nextInt(3), size, size)));
        boolean naive = r.nextBoolean();
        Set<String> keep = new HashSet<>();
        if (naive && r.nextInt(4) == 0) {
            // Float data movement right after the input: the Quantize of its result can move above it.
            values.add(net.op("Transpose", "t_in", Attributes.builder().put("perm", new long[] {0, 1, 3, 2}).build(),
                    values.get(0)));
            keep.add("t_in");
        }
        int ops = 4 + r.nextInt(6);
        for (int i = 0; i < ops; i++) {
            values.add(randomOp(net, r, values, "v" + i));
        }
        Node last = values.get(values.size() - 1);
        if (naive && r.nextInt(4) == 0) {
            // Float data movement right before the output: the Dequantize of its input can move below it.
            last = net.op("Transpose", "t_out", Attributes.builder().put("perm", new long[] {0, 1, 3, 2}).build(), last);
            keep.add("t_out");
        }
        g.addOutput("y", last);
        Node other = values.get(1 + r.nextInt(values.size() - 1));
        if (other != last && r.nextBoolean()) {
            g.addOutput("z", other);
        }
        g.removeDeadNodes();
        keep.removeIf(k -> g.find(k) == null);
        List<Map<String, Tensor>> samples = net.samples(6);
        Profile profile = FloatNets.profile(g, samples);
        Schema schema = r.nextInt(3) == 0 ? new SymmetricSchema() : new AsymmetricSchema();
        if (naive && r.nextBoolean()) {
            g.nodes().stream().filter(n -> !n.isConstant() && r.nextInt(4) == 0).forEach(n -> keep.add(n.name()));
        }
        QuantConfig config = QuantConfig.defaults().withSchema(schema).withCalibration(new WideningCalibration(seed))
                .withPerChannel(r.nextBoolean()).withNaiveConversion(naive).withKeepFloat(keep);
        Graph q = Quantizer.quantize(g, profile, config).graph();
        int detours = r.nextInt(4);
        for (int i = 0; i < detours; i++) {
            insertDetour(q, r, "detour" + i);
        }
        return new RandomQuantNets(g, q, samples, !keep.isEmpty());
    }

    private static Node randomOp(FloatNets net, Random r, List<Node> values, String name) {
        // Mostly chains (as in real networks), sometimes branches from an earlier value.
        Node a = r.nextBoolean() ? values.get(values.size() - 1) : values.get(r.nextInt(values.size()));
        int[] s = a.type().shape();
        switch (r.nextInt(13)) {
            case 0, 1, 2 -> {
                int k = r.nextBoolean() ? 1 : 3;
                return net.conv(name, a, 1 + r.nextInt(4), k, k / 2);
            }
            case 3, 4 -> {
                return net.op("Relu", name, a);
            }
            case 5 -> {
                float lo = -r.nextFloat();
                return net.clip(name, a, lo, lo + 0.5f + 2 * r.nextFloat());
            }
            case 6, 7 -> {
                Node b = sameShape(values, a, r);
                return net.op(r.nextBoolean() ? "Add" : r.nextBoolean() ? "Max" : "Min", name, a, b);
            }
            case 8 -> {
                boolean halve = s[2] % 2 == 0 && s[2] >= 4 && s[3] % 2 == 0 && r.nextBoolean();
                return halve ? net.maxPool(name, a, 2, 2, 0) : net.maxPool(name, a, 3, 1, 1);
            }
            case 12 -> {
                Node c = net.graph().addConstant(name + "_c", net.uniform(-0.5f, 0.5f, 1, s[1], 1, 1));
                return net.op(r.nextBoolean() ? "Add" : "Max", name, a, c);
            }
            case 9 -> {
                return net.op("Reshape", name, Attributes.builder().put("shape", new long[] {s[0], s[1], s[3], s[2]}).build(), a);
            }
            case 10 -> {
                return net.op("Transpose", name, Attributes.builder().put("perm", new long[] {0, 1, 3, 2}).build(), a);
            }
            default -> {
                Node b = values.stream().filter(v -> v.type().dim(2) == s[2] && v.type().dim(3) == s[3])
                        .skip(r.nextInt(2)).findFirst().orElse(a);
                return net.op("Concat", name, Attributes.builder().put("axis", 1).build(), a, b);
            }
        }
    }

    private static Node sameShape(List<Node> values, Node a, Random r) {
        List<Node> same = values.stream().filter(v -> v != a && v.type().equals(a.type())).toList();
        return same.isEmpty() ? a : same.get(r.nextInt(same.size()));
    }

    /**
     * Puts a detour on a random edge from an integer activation to an integer operation: two Rescales
     * through a random wider type and back, or a Dequantize and a Quantize back to the same type.
     */
    private static void insertDetour(Graph g, Random r, String name) {
        List<Node[]> edges = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.isConstant() || !n.type().isQuantized()) {
                continue;
            }
            for (Node in : n.inputs()) {
                if (!in.isConstant() && !(in instanceof InputNode) && QuantTypes.isActivation(in)) {
                    edges.add(new Node[] {in, n});
                }
            }
        }
        if (edges.isEmpty()) {
            return;
        }
        Node[] edge = edges.get(r.nextInt(edges.size()));
        Node x = edge[0];
        Node back;
        if (r.nextBoolean()) {
            Node d = g.insertBefore(edge[1], new DequantizeNode(name + "_dq", List.of(x), null));
            back = g.insertBefore(edge[1], QuantizeNode.of(name + "_q", d, x.type()));
        } else {
            QuantRange t = QuantTypes.range(x.type());
            float scale = t.scale() * (1 + r.nextFloat());
            float lo = t.dequantize(t.qmin()) - 255 * (scale - t.scale()) * r.nextFloat();
            int offset = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
            TensorType wide = new TensorType(x.type().kind(), x.type().shape(),
                    QuantParams.perTensor(scale, offset));
            if (!rescaleNeverClamps(x.type(), wide)) {
                return;
            }
            Node there = g.insertBefore(edge[1], RescaleNode.of(name + "_there", x, wide));
            back = g.insertBefore(edge[1], RescaleNode.of(name + "_back", there, x.type()));
        }
        for (int i = 0; i < edge[1].numInputs(); i++) {
            if (edge[1].input(i) == x) {
                edge[1].setInput(i, back);
            }
        }
    }

    /** True when the extreme codes of {@code from} rescale into {@code to}'s range without clamping. */
    private static boolean rescaleNeverClamps(TensorType from, TensorType to) {
        QuantRange f = QuantTypes.range(from);
        QuantRange t = QuantTypes.range(to);
        float m = NumericContract.multiplier(f.scale(), t.scale());
        float lo = NumericContract.roundHalfEven((float) (f.qmin() - f.offset()) * m) + t.offset();
        float hi = NumericContract.roundHalfEven((float) (f.qmax() - f.offset()) * m) + t.offset();
        return lo >= t.qmin() && hi <= t.qmax();
    }

    /**
     * Min-max ranges widened by a random 5% to 60% of their width on each side (only upwards for values
     * that are never negative, so that ReLU outputs keep 0 at the bottom): random scales that still cover
     * the calibration data.
     */
    private record WideningCalibration(long seed) implements Calibration {
        @Override
        public String name() {
            return "widening";
        }

        @Override
        public Range choose(ValueProfile p, Schema schema) {
            Random r = new Random(seed * 31 + Float.floatToIntBits(p.min()) * 17L + Float.floatToIntBits(p.max()));
            float width = Math.max(p.max() - p.min(), 1e-3f);
            float lo = p.min() < 0 ? p.min() - width * (0.05f + 0.55f * r.nextFloat()) : p.min();
            return new Range(lo, p.max() + width * (0.05f + 0.55f * r.nextFloat()));
        }
    }
}
