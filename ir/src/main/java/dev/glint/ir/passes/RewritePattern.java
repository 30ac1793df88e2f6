package dev.glint.ir.passes;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;

/**
 * A rewrite of one node, in the style of MLIR's rewrite patterns: {@link #matches} decides, without
 * changing anything, whether the pattern applies to a node; {@link #rewrite} then builds the node that
 * computes the same value. The {@link Canonicalizer} inserts the new nodes, redirects the uses and erases
 * what became dead, so patterns never edit the graph themselves.
 */
public interface RewritePattern {
    /** A short name for statistics and diagnostics. */
    String name();

    /** True when the pattern applies to {@code node}; must not modify the graph. */
    boolean matches(Node node, Graph graph);

    /**
     * The replacement for {@code node} (called only after {@link #matches} returned true): an existing
     * node of the graph, or a new node (not yet added) whose new inputs may themselves be new nodes.
     * A new replacement that takes {@code node}'s name keeps the value's identity (graph outputs and
     * profile keys stay stable). New helper nodes need names that are free in the graph. Returning
     * {@code node} itself means "no change after all".
     */
    Node rewrite(Node node, Graph graph);
}
