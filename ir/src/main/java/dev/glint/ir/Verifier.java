package dev.glint.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Checks a graph's internal consistency. It guards the compiler's own transformations (tests run it after
 * every pass), so a failure is a bug in Glint, reported as {@link IllegalStateException} listing every
 * problem found. Checked:
 * <ul>
 *   <li>every value name is unique and the graph's name table maps it to that node;</li>
 *   <li>every node input is a graph input or a node earlier in the node list (topological order);</li>
 *   <li>every node has a type whose kind and shape equal what {@code inferKind}/{@code inferShape} give now;</li>
 *   <li>a constant's type equals its value's type;</li>
 *   <li>every graph output is a node or input of the graph, and output names are unique.</li>
 * </ul>
 * That per-axis quantization parameters fit the shape they annotate needs no check here: {@link TensorType}
 * refuses any other combination when it is built, and types are immutable.
 */
public final class Verifier {
    private Verifier() {}

    /** Throws IllegalStateException naming all problems, or returns normally when there are none. */
    public static void verify(Graph graph) {
        List<String> problems = problems(graph);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("graph '" + graph.name() + "' is inconsistent:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Every problem found, in graph order; empty when the graph is consistent. */
    public static List<String> problems(Graph graph) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Node> defined = Collections.newSetFromMap(new IdentityHashMap<>());
        for (InputNode in : graph.inputs()) {
            checkName(graph, in, names, problems);
            if (in.type() == null) {
                problems.add("input '" + in.name() + "' has no type");
            }
            defined.add(in);
        }
        for (Node n : graph.nodes()) {
            String what = n.op() + " '" + n.name() + "'";
            checkName(graph, n, names, problems);
            boolean inputsOk = true;
            for (int i = 0; i < n.numInputs(); i++) {
                Node in = n.input(i);
                if (!defined.contains(in)) {
                    inputsOk = false;
                    problems.add(what + ": input " + i + " '" + in.name() + "' "
                            + (graph.find(in.name()) == in ? "is defined after its use" : "is not in the graph"));
                }
            }
            defined.add(n);
            if (n.type() == null) {
                problems.add(what + " has no type");
                continue;
            }
            if (n instanceof ConstantNode c) {
                if (!c.value().type().equals(c.type())) {
                    problems.add(what + ": type " + c.type() + " differs from its value's type " + c.value().type());
                }
            } else if (inputsOk) {
                checkInferredType(n, what, problems);
            }
        }
        Set<String> outputNames = new HashSet<>();
        for (Graph.Output o : graph.outputs()) {
            if (!outputNames.add(o.name())) {
                problems.add("output name '" + o.name() + "' is used twice");
            }
            if (!defined.contains(o.node())) {
                problems.add("output '" + o.name() + "' reads '" + o.node().name() + "', which is not in the graph");
            }
        }
        return problems;
    }

    private static void checkName(Graph graph, Node n, Set<String> names, List<String> problems) {
        if (!names.add(n.name())) {
            problems.add("value name '" + n.name() + "' is used more than once");
        }
        if (graph.find(n.name()) != n) {
            problems.add("the graph's name table does not map '" + n.name() + "' to its " + n.op() + " node");
        }
    }

    /** Re-runs shape and kind inference and compares with the node's type. */
    private static void checkInferredType(Node n, String what, List<String> problems) {
        for (int i = 0; i < n.numInputs(); i++) {
            if (n.input(i).type() == null) {
                return; // reported for the input itself
            }
        }
        try {
            ElemKind kind = n.inferKind();
            int[] shape = n.inferShape();
            TensorType inferred = new TensorType(kind, shape, null);
            if (!inferred.sameKindAndShape(n.type())) {
                problems.add(what + ": type " + n.type() + " but its inputs give " + inferred);
            }
        } catch (RuntimeException e) {
            problems.add(what + ": type inference fails: " + e.getMessage());
        }
    }
}
