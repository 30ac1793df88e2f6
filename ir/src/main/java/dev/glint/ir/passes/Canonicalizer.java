package dev.glint.ir.passes;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives local rewrites to a fixed point, as GraalVM's canonicalizer and MLIR's greedy pattern driver do:
 * it sweeps over the nodes, and for each offers first the node's own {@link Node#canonical(Graph)} (if
 * enabled) and then each {@link RewritePattern} in order; the first that yields a different node wins
 * and {@link GraphRewriter#replace} applies it. Sweeps repeat until one changes nothing. Nodes that a
 * rewrite leaves without users are erased on the way; pre-existing dead nodes are left to
 * {@link DeadNodeElimination}.
 */
public final class Canonicalizer implements Pass {
    /** A bound on sweeps: patterns that undo each other would otherwise loop forever. */
    static final int MAX_SWEEPS = 100;

    private final String name;
    private final boolean nodeCanonical;
    private final List<RewritePattern> patterns;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** The pass {@code canonicalize}: node-local simplifications plus {@code patterns}. */
    public Canonicalizer(List<RewritePattern> patterns) {
        this("canonicalize", true, patterns);
    }

    /**
     * A canonicalizer with its own pass name.
     *
     * @param nodeCanonical whether to apply each node's {@link Node#canonical(Graph)}
     */
    public Canonicalizer(String name, boolean nodeCanonical, List<RewritePattern> patterns) {
        this.name = name;
        this.nodeCanonical = nodeCanonical;
        this.patterns = List.copyOf(patterns);
    }

    /** A pass that applies only {@code pattern} (named after it) to a fixed point; for focused pipelines and tests. */
    public static Canonicalizer of(RewritePattern pattern) {
        return new Canonicalizer(pattern.name(), false, List.of(pattern));
    }

    @Override
    public String name() {
        return name;
    }

    /** How often each pattern (or {@code Op.canonical}) fired in the last run, in first-fired order. */
    public Map<String, Integer> lastRewriteCounts() {
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public boolean run(Graph graph) {
        counts.clear();
        boolean changed = false;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean any = false;
            for (Node n : new ArrayList<>(graph.nodes())) {
                // An earlier rewrite in this sweep may have erased n.
                if (graph.find(n.name()) == n && rewriteOnce(graph, n)) {
                    any = true;
                }
            }
            if (!any) {
                return changed;
            }
            changed = true;
        }
        throw new IllegalStateException(name + " reached no fixed point after " + MAX_SWEEPS
                + " sweeps; rewrites applied: " + counts);
    }

    /** Applies the first simplification that changes {@code n}; returns whether one did. */
    private boolean rewriteOnce(Graph graph, Node n) {
        if (nodeCanonical) {
            Node r = n.canonical(graph);
            if (r != n) {
                GraphRewriter.replace(graph, n, r);
                counts.merge(n.op() + ".canonical", 1, Integer::sum);
                return true;
            }
        }
        for (RewritePattern p : patterns) {
            if (p.matches(n, graph)) {
                Node r = p.rewrite(n, graph);
                if (r != n) {
                    GraphRewriter.replace(graph, n, r);
                    counts.merge(p.name(), 1, Integer::sum);
                    return true;
                }
            }
        }
        return false;
    }
}
