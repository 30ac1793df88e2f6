package dev.glint.ir.passes;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Verifier;
import dev.glint.ir.text.GraphPrinter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs named passes in order. Options (they back the command line's {@code --dump-after PASS} and
 * {@code --stop-after N}):
 * <ul>
 *   <li>{@link #verifyEach}: run the {@link Verifier} on the input graph and after every pass (on in tests);</li>
 *   <li>{@link #dumpAfter}: hand the printed graph to a sink after each run of the named pass
 *       ({@code all} for every pass);</li>
 *   <li>{@link #stopAfter}: run only the first N passes.</li>
 * </ul>
 */
public final class PassManager {
    /** The pass name that {@link #dumpAfter} accepts to mean "after every pass". */
    public static final String ALL = "all";

    private final List<Pass> passes = new ArrayList<>();
    private boolean verifyEach;
    private String dumpAfter;
    private Consumer<String> dumpSink;
    private GraphPrinter dumpPrinter = new GraphPrinter();
    private int stopAfter = Integer.MAX_VALUE;

    /** Appends a pass. */
    public PassManager add(Pass pass) {
        passes.add(pass);
        return this;
    }

    /** The pass names in running order. */
    public List<String> passNames() {
        return passes.stream().map(Pass::name).toList();
    }

    /** Verifies the graph before the first pass and after every pass. */
    public PassManager verifyEach(boolean on) {
        this.verifyEach = on;
        return this;
    }

    /** After each run of pass {@code passName} (or every pass, for {@value #ALL}), sends the printed graph to {@code sink}. */
    public PassManager dumpAfter(String passName, Consumer<String> sink) {
        this.dumpAfter = passName;
        this.dumpSink = sink;
        return this;
    }

    /** {@link #dumpAfter(String, Consumer)} printing to a stream. */
    public PassManager dumpAfter(String passName, PrintStream out) {
        return dumpAfter(passName, out::print);
    }

    /** The printer used for dumps (default: {@link GraphPrinter} with its default data limit). */
    public PassManager dumpPrinter(GraphPrinter printer) {
        this.dumpPrinter = printer;
        return this;
    }

    /** Runs only the first {@code n} passes ({@code 0}: none). */
    public PassManager stopAfter(int n) {
        if (n < 0) {
            throw new GlintException("--stop-after needs a count >= 0, got " + n);
        }
        this.stopAfter = n;
        return this;
    }

    /**
     * Runs the passes on {@code graph}. Returns true when any pass changed it.
     *
     * @throws GlintException when {@link #dumpAfter} names no pass of this pipeline
     * @throws IllegalStateException when verification is on and a pass leaves the graph inconsistent
     */
    public boolean run(Graph graph) {
        if (dumpAfter != null && !dumpAfter.equals(ALL) && !passNames().contains(dumpAfter)) {
            throw new GlintException("--dump-after: no pass named '" + dumpAfter + "'; the passes are "
                    + String.join(", ", passNames()));
        }
        if (verifyEach) {
            verify(graph, "before the first pass");
        }
        boolean changed = false;
        int limit = Math.min(stopAfter, passes.size());
        for (int i = 0; i < limit; i++) {
            Pass pass = passes.get(i);
            boolean passChanged = pass.run(graph);
            changed |= passChanged;
            if (verifyEach) {
                verify(graph, "after pass " + (i + 1) + " '" + pass.name() + "'");
            }
            if (dumpSink != null && (dumpAfter.equals(ALL) || dumpAfter.equals(pass.name()))) {
                dumpSink.accept("// after pass " + (i + 1) + " '" + pass.name() + "'"
                        + (passChanged ? "" : " (no change)") + "\n" + dumpPrinter.print(graph));
            }
        }
        return changed;
    }

    private static void verify(Graph graph, String when) {
        try {
            Verifier.verify(graph);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(when + ": " + e.getMessage(), e);
        }
    }
}
