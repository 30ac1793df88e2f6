package dev.glint.ir.passes;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The graph edits behind a rewrite: puts a replacement (and any new nodes it reads) into the graph, makes
 * every use of the old value read the replacement, and erases the nodes that thereby became dead.
 */
public final class GraphRewriter {
    private GraphRewriter() {}

    /**
     * Replaces {@code old} by {@code replacement}, which computes the same value. New nodes are inserted
     * right before {@code old}, so the order stays topological (their inputs already precede {@code old}).
     * A new replacement without a type gets {@code old}'s type, quantization parameters included; a new
     * replacement may take {@code old}'s name, in which case {@code old} is renamed out of its way first.
     *
     * @throws IllegalStateException when the replacement's kind or shape differs from {@code old}'s (a
     *     bug in the rewrite)
     */
    public static void replace(Graph graph, Node old, Node replacement) {
        if (replacement == old) {
            return;
        }
        for (Node fresh : newNodes(graph, replacement)) {
            if (fresh == replacement && fresh.type() == null) {
                checkSameValueType(old, fresh.inferType(), fresh);
                fresh.setType(old.type());
            }
            if (graph.find(fresh.name()) == old) {
                graph.rename(old, graph.uniqueName(old.name() + ".replaced"));
            }
            graph.insertBefore(old, fresh);
        }
        checkSameValueType(old, replacement.type(), replacement);
        graph.replaceAllUses(old, replacement);
        eraseIfDead(graph, old);
    }

    /** Erases {@code n} if nothing reads it and it is not a graph input or output, then its inputs likewise. */
    public static void eraseIfDead(Graph graph, Node n) {
        Deque<Node> work = new ArrayDeque<>();
        work.push(n);
        while (!work.isEmpty()) {
            Node candidate = work.pop();
            if (candidate instanceof InputNode || graph.find(candidate.name()) != candidate
                    || Uses.count(graph, candidate) > 0) {
                continue;
            }
            graph.remove(candidate);
            candidate.inputs().forEach(work::push);
        }
    }

    /** The nodes reachable from {@code root} that are not in the graph yet, inputs before users. */
    private static List<Node> newNodes(Graph graph, Node root) {
        List<Node> order = new ArrayList<>();
        collect(graph, root, order, Collections.newSetFromMap(new IdentityHashMap<>()));
        return order;
    }

    private static void collect(Graph graph, Node n, List<Node> order, Set<Node> seen) {
        if (graph.find(n.name()) == n || !seen.add(n)) {
            return;
        }
        for (Node in : n.inputs()) {
            collect(graph, in, order, seen);
        }
        order.add(n);
    }

    private static void checkSameValueType(Node old, TensorType type, Node replacement) {
        if (!type.sameKindAndShape(old.type())) {
            throw new IllegalStateException("rewrite replaced " + old.op() + " '" + old.name() + "' (" + old.type()
                    + ") by " + replacement.op() + " '" + replacement.name() + "' of type " + type);
        }
    }
}
