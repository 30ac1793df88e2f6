package dev.glint.codegen;

import dev.glint.ir.Graph;

/** Lets tests in other packages use the sweep's random graphs. */
public final class SweepGraphsAccess {
    private SweepGraphsAccess() {}

    public static Graph graph(int index) {
        return SweepGraphs.graph(index, index % 2 == 0);
    }
}
