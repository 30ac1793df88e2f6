package dev.glint.ir.interp;

import dev.glint.ir.Graph;
import dev.glint.ir.GlintException;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: evaluates a graph node by node with each node's {@link Node#evaluate}
 * semantics. It is the oracle for every other engine, so it favours plainness over speed. Values are
 * released after their last use so that large models fit in memory.
 */
public final class Interpreter {
    /** Sees every value as it is computed (used by profiling and per-layer reports). */
    @FunctionalInterface
    public interface ValueObserver {
        void onValue(Node node, Tensor value);
    }

    private Interpreter() {}

    /** Runs the graph; {@code inputs} maps each graph input's name to its value. Returns outputs by name. */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
        return run(graph, inputs, null);
    }

    /** Runs the graph, reporting every input and computed value to {@code observer} (may be null). */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs, ValueObserver observer) {
        Map<Node, Tensor> values = new IdentityHashMap<>();
        for (InputNode in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new GlintException("no value given for graph input '" + in.name() + "' (" + in.type() + ")");
            }
            if (!t.type().sameKindAndShape(in.type())) {
                throw new GlintException("graph input '" + in.name() + "' expects " + in.type() + ", got " + t.type());
            }
            // The declared type is the truth: plain integers fed to a quantized input take its parameters.
            Tensor value = t.type().equals(in.type()) ? t : t.reshape(in.type());
            values.put(in, value);
            if (observer != null) {
                observer.onValue(in, value);
            }
        }
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(i -> i.name().equals(name))) {
                throw new GlintException("'" + name + "' is not an input of the graph");
            }
        }
        Map<Node, Integer> lastUse = lastUses(graph);
        List<Node> nodes = graph.nodes();
        for (int idx = 0; idx < nodes.size(); idx++) {
            Node n = nodes.get(idx);
            List<Tensor> args = new ArrayList<>(n.numInputs());
            for (Node in : n.inputs()) {
                Tensor v = values.get(in);
                if (v == null) {
                    throw new IllegalStateException("value '" + in.name() + "' used by '" + n.name() + "' is not computed");
                }
                args.add(v);
            }
            Tensor result = n.evaluate(args);
            if (!result.type().sameKindAndShape(n.type())) {
                throw new IllegalStateException(n.op() + " '" + n.name() + "' produced " + result.type()
                        + " but its type is " + n.type());
            }
            values.put(n, result);
            if (observer != null && !n.isConstant()) {
                observer.onValue(n, result);
            }
            for (Node in : n.inputs()) {
                Integer last = lastUse.get(in);
                if (last != null && last == idx) {
                    values.remove(in);
                }
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Graph.Output o : graph.outputs()) {
            Tensor v = values.get(o.node());
            if (v == null) {
                throw new IllegalStateException("output '" + o.name() + "' was not computed");
            }
            out.put(o.name(), v);
        }
        return out;
    }

    /** Index of the last node reading each value; graph outputs are never released. */
    private static Map<Node, Integer> lastUses(Graph graph) {
        Map<Node, Integer> last = new IdentityHashMap<>();
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (Node in : nodes.get(i).inputs()) {
                last.put(in, i);
            }
        }
        for (Graph.Output o : graph.outputs()) {
            last.remove(o.node());
        }
        return last;
    }
}
