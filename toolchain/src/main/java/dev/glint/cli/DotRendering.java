package dev.glint.cli;

import dev.glint.ir.text.DotPrinter;

/** The Graphviz renderer the command line uses by default. */
public final class DotRendering {
    private DotRendering() {}

    /** The default renderer, backed by the ir module's Graphviz printer. */
    public static DotRenderer graphviz() {
        return DotPrinter::print;
    }
}
