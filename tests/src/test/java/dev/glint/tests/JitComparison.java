package dev.glint.tests;

import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the JIT acceptance tests share: the three CPU settings tested on this machine, exposing the int8
 * values behind a graph's final Dequantize nodes as outputs of their own, and comparing JIT outputs with
 * the interpreter's (integers exactly, floats within {@code 1e-5 + 1e-4 |ref|}).
 */
final class JitComparison {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private JitComparison() {}

    /** A CPU setting with a short label for the tables. */
    record Cpu(String label, TargetSpec target) {}

    /**
     * The host with all its features, the features forced down to AVX2 ({@code x86-64-v3}) and the
     * portable path ({@code x86-64}, SSE2 only); on a non-x86 host only the host.
     */
    static List<Cpu> cpuSettings() {
        TargetSpec host = TargetSpec.host();
        if (!host.isX86()) {
            return List.of(new Cpu("host " + host.cpu(), host));
        }
        return List.of(new Cpu("host " + host.cpu(), host), new Cpu("x86-64-v3", TargetSpec.hostWithCpu("x86-64-v3", "")),
                new Cpu("x86-64", TargetSpec.hostWithCpu("x86-64", "")));
    }

    /**
     * Adds, for every graph output computed by a Dequantize of an integer value, that integer value as an
     * extra output named {@code <output>.int8}, so the int8 result itself is compared, not only its float
     * image. Returns the names added.
     */
    static List<String> exposeIntegerOutputs(Graph g) {
        List<String> added = new ArrayList<>();
        for (Graph.Output out : List.copyOf(g.outputs())) {
            Node n = out.node();
            if (n.op().equals("Dequantize") && !n.input(0).type().kind().isFloat()) {
                String name = out.name() + ".int8";
                g.addOutput(name, n.input(0));
                added.add(name);
            }
        }
        return added;
    }

    /**
     * Null when every output of {@code actual} matches {@code expected}: integer outputs bit for bit,
     * float outputs within the tolerance; otherwise one line naming the first output that differs.
     */
    static String mismatch(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            return "outputs " + actual.keySet() + ", interpreter gives " + expected.keySet();
        }
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            if (!e.type().sameKindAndShape(a.type())) {
                return name + " is " + a.type() + ", interpreter gives " + e.type();
            }
            String problem = e.type().kind().isFloat() ? TensorComparison.mismatch(a, e, RTOL, ATOL) : integerMismatch(a, e);
            if (problem != null) {
                return "output '" + name + "': " + problem;
            }
        }
        return null;
    }

    private static String integerMismatch(Tensor actual, Tensor expected) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < expected.size(); i++) {
            if (actual.getLong(i) != expected.getLong(i)) {
                first = first < 0 ? i : first;
                count++;
            }
        }
        return count == 0 ? null : count + " of " + expected.size() + " values differ; first at " + first + ": "
                + actual.getLong(first) + ", interpreter gives " + expected.getLong(first);
    }
}
