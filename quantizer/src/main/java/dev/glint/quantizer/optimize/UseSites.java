package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.passes.Uses;
import java.util.ArrayList;
import java.util.List;

/** Who reads a value: the "no other user" conditions of the rewrites. */
final class UseSites {
    private UseSites() {}

    /** The nodes reading {@code n}, once per edge. */
    static List<Node> users(Graph graph, Node n) {
        List<Node> users = new ArrayList<>();
        for (Node user : graph.nodes()) {
            for (Node in : user.inputs()) {
                if (in == n) {
                    users.add(user);
                }
            }
        }
        return users;
    }

    /** True when {@code n} is read by exactly one edge and is no graph output. */
    static boolean hasSingleUse(Graph graph, Node n) {
        return Uses.hasSingleUse(graph, n) && !graph.isOutput(n);
    }

    /** True when every read of {@code n} is by {@code user} (which may read it more than once) and it is no output. */
    static boolean usedOnlyBy(Graph graph, Node n, Node user) {
        int edges = 0;
        for (Node in : user.inputs()) {
            if (in == n) {
                edges++;
            }
        }
        return edges > 0 && Uses.count(graph, n) == edges;
    }
}
