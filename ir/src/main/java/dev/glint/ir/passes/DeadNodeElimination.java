package dev.glint.ir.passes;

import dev.glint.ir.Graph;

/** Removes every node (constants included) that no graph output depends on. */
public final class DeadNodeElimination implements Pass {
    @Override
    public String name() {
        return "dce";
    }

    @Override
    public boolean run(Graph graph) {
        return graph.removeDeadNodes() > 0;
    }
}
