package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;

/** The Graphviz renderer the command line uses by default. */
public final class DotRendering {
    private DotRendering() {}

    /** The default renderer, backed by the ir module's Graphviz printer. */
    public static DotRenderer graphviz() {
        return DotRendering::render;
    }

    /**
     * This build of the toolchain is not yet linked with the ir module's Graphviz printer, so asking for
     * {@code --dot} is reported as a user-facing error.
     */
    private static String render(Graph graph) {
        throw new GlintException("--dot: Graphviz output is not available in this build");
    }
}
