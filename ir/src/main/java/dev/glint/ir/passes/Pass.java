package dev.glint.ir.passes;

import dev.glint.ir.Graph;

/** One transformation of a graph, run by a {@link PassManager}. */
public interface Pass {
    /** A short stable name, used by {@code --dump-after NAME} and in diagnostics (e.g. {@code canonicalize}). */
    String name();

    /** Transforms the graph in place; returns true when anything changed. */
    boolean run(Graph graph);
}
