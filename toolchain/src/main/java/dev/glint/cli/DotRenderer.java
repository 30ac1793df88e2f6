package dev.glint.cli;

import dev.glint.ir.Graph;

/** Renders a graph as Graphviz {@code dot} text (for {@code glint inspect --dot}). */
@FunctionalInterface
public interface DotRenderer {
    String render(Graph graph);
}
