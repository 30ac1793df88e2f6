package dev.glint.ir.passes;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;

/** Use counts for pattern conditions such as "this Conv has no other user". */
public final class Uses {
    private Uses() {}

    /** Number of edges reading {@code n} plus the number of graph outputs that are {@code n}. */
    public static int count(Graph graph, Node n) {
        int uses = 0;
        for (Node user : graph.nodes()) {
            for (Node in : user.inputs()) {
                if (in == n) {
                    uses++;
                }
            }
        }
        for (Graph.Output o : graph.outputs()) {
            if (o.node() == n) {
                uses++;
            }
        }
        return uses;
    }

    /** True when exactly one edge or output reads {@code n}. */
    public static boolean hasSingleUse(Graph graph, Node n) {
        return count(graph, n) == 1;
    }
}
