package dev.glint.quantizer.optimize;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.passes.Canonicalizer;
import dev.glint.ir.passes.DeadNodeElimination;
import dev.glint.ir.passes.Pass;
import dev.glint.ir.passes.PassManager;
import dev.glint.ir.passes.RewritePattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Minimises the conversions and rescales of a quantized graph (the output of
 * {@code dev.glint.quantizer.Quantizer}): rounds of named passes, each a {@link Canonicalizer} driving a
 * few {@link QuantRewrite}s to a fixed point, repeated until a whole round changes nothing. One round:
 * <ol>
 *   <li>{@code quant-fold-constants}: {@link FoldConstantConversion};</li>
 *   <li>{@code quant-cancel-conversions}: {@link MergeDuplicateConversions}, {@link CancelQuantizeDequantize},
 *       {@link CancelDequantizeQuantize}, {@link DropIdentityRescale};</li>
 *   <li>{@code quant-sink-conversions}: {@link SinkDequantize}, {@link HoistQuantize};</li>
 *   <li>{@code quant-fold-activations}: {@link DropIdentityLookupTable}, {@link FoldActivationIntoProducer};</li>
 *   <li>{@code quant-normalize-scales}: {@link RescaleConcatInputs}, {@link NormalizeMaxMinScales};</li>
 *   <li>{@code quant-fold-rescales}: {@link MergeDuplicateConversions}, {@link DropIdentityRescale},
 *       {@link HoistRescale}, {@link FoldRescaleIntoProducer}, {@link FoldRescaleIntoConsumer};</li>
 *   <li>{@code canonicalize}: the nodes' own simplifications (a Reshape of a Reshape, ...);</li>
 *   <li>{@code dce}: dead node elimination.</li>
 * </ol>
 * Every rewrite removes a conversion, moves one towards an island's border, or turns float work into
 * integer work, so the rounds end; a bound on rounds turns a bug to the contrary into an error.
 *
 * <p>Options mirror {@link PassManager}'s and back the command line: {@link #verifyEach} (on in tests),
 * {@link #dumpAfter} and {@link #stopAfter}, which counts pass runs over all rounds; {@link #exactOnly}
 * keeps to the rewrites that change no value.
 */
public final class QuantOptimizer {
    /** Rounds after which the optimizer gives up (its rewrites normally settle in two or three). */
    static final int MAX_ROUNDS = 20;

    /** What a run did. */
    public record Result(int rounds, int passRuns, Map<String, Integer> rewrites) {}

    private boolean verifyEach;
    private boolean exactOnly;
    private String dumpAfter;
    private Consumer<String> dumpSink;
    private int stopAfter = Integer.MAX_VALUE;

    /** Optimizes {@code graph} in place with the default options. */
    public static Result optimize(Graph graph) {
        return new QuantOptimizer().run(graph);
    }

    /** Every rewrite of the optimizer, in the order of the passes that run them. */
    public static List<QuantRewrite> rewrites() {
        List<QuantRewrite> all = new ArrayList<>();
        for (Stage s : stages()) {
            for (QuantRewrite r : s.rewrites()) {
                if (all.stream().noneMatch(a -> a.name().equals(r.name()))) {
                    all.add(r);
                }
            }
        }
        return all;
    }

    /** The names of one round's passes, in order. */
    public static List<String> passNames() {
        return roundPasses(false).stream().map(Pass::name).toList();
    }

    /** Verifies the graph before the first pass and after every pass. */
    public QuantOptimizer verifyEach(boolean on) {
        this.verifyEach = on;
        return this;
    }

    /**
     * Applies each rewrite only where it claims {@link QuantRewrite.Numerics#EXACT} results, so that the
     * optimized graph computes bit-identical values: for bisecting numeric differences, and for tests.
     */
    public QuantOptimizer exactOnly(boolean on) {
        this.exactOnly = on;
        return this;
    }

    /** After each run of pass {@code passName} ({@link PassManager#ALL} for every pass), sends the printed graph to {@code sink}. */
    public QuantOptimizer dumpAfter(String passName, Consumer<String> sink) {
        this.dumpAfter = passName;
        this.dumpSink = sink;
        return this;
    }

    /** Runs only the first {@code n} passes, counted over all rounds. */
    public QuantOptimizer stopAfter(int n) {
        if (n < 0) {
            throw new GlintException("--stop-after needs a count >= 0, got " + n);
        }
        this.stopAfter = n;
        return this;
    }

    /**
     * Runs rounds of the passes on {@code graph} until one changes nothing (or {@link #stopAfter} passes ran).
     *
     * @throws IllegalStateException when no fixed point is reached within {@value #MAX_ROUNDS} rounds, or when
     *     verification is on and a pass leaves the graph inconsistent
     */
    public Result run(Graph graph) {
        Map<String, Integer> rewrites = new LinkedHashMap<>();
        int passRuns = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            List<Pass> passes = roundPasses(exactOnly);
            int budget = Math.min(passes.size(), stopAfter - passRuns);
            PassManager pm = new PassManager().verifyEach(verifyEach).stopAfter(budget);
            passes.forEach(pm::add);
            if (dumpSink != null) {
                String header = "// quant-optimize round " + round + "\n";
                pm.dumpAfter(dumpAfter, text -> dumpSink.accept(header + text));
            }
            boolean changed = pm.run(graph);
            passRuns += budget;
            for (Pass p : passes.subList(0, budget)) {
                if (p instanceof Canonicalizer c) {
                    c.lastRewriteCounts().forEach((k, v) -> rewrites.merge(k, v, Integer::sum));
                }
            }
            if (!changed || passRuns >= stopAfter) {
                return new Result(round, passRuns, Collections.unmodifiableMap(rewrites));
            }
        }
        throw new IllegalStateException("quant-optimize reached no fixed point after " + MAX_ROUNDS
                + " rounds; rewrites applied: " + rewrites);
    }

    /** A rewrite restricted to the places where it keeps every value bit-identical. */
    private record ExactOnly(QuantRewrite rewrite) implements RewritePattern {
        @Override
        public String name() {
            return rewrite.name();
        }

        @Override
        public boolean matches(Node node, Graph graph) {
            return rewrite.matches(node, graph) && rewrite.numerics(node, graph) == QuantRewrite.Numerics.EXACT;
        }

        @Override
        public Node rewrite(Node node, Graph graph) {
            return rewrite.rewrite(node, graph);
        }
    }

    /** A named group of rewrites run together to a fixed point. */
    private record Stage(String name, List<QuantRewrite> rewrites) {}

    private static List<Stage> stages() {
        return List.of(
                new Stage("quant-fold-constants", List.of(new FoldConstantConversion())),
                new Stage("quant-cancel-conversions", List.of(new MergeDuplicateConversions(),
                        new CancelQuantizeDequantize(), new CancelDequantizeQuantize(), new DropIdentityRescale())),
                new Stage("quant-sink-conversions", List.of(new SinkDequantize(), new HoistQuantize())),
                new Stage("quant-fold-activations", List.of(new DropIdentityLookupTable(),
                        new FoldActivationIntoProducer())),
                new Stage("quant-normalize-scales", List.of(new RescaleConcatInputs(), new NormalizeMaxMinScales())),
                new Stage("quant-fold-rescales", List.of(new MergeDuplicateConversions(), new DropIdentityRescale(),
                        new HoistRescale(), new FoldRescaleIntoProducer(), new FoldRescaleIntoConsumer())));
    }

    /** Fresh pass objects for one round (a Canonicalizer keeps the counts of its last run). */
    private static List<Pass> roundPasses(boolean exactOnly) {
        List<Pass> passes = new ArrayList<>();
        for (Stage s : stages()) {
            List<RewritePattern> patterns = new ArrayList<>();
            for (QuantRewrite r : s.rewrites()) {
                patterns.add(exactOnly ? new ExactOnly(r) : r);
            }
            passes.add(new Canonicalizer(s.name(), false, patterns));
        }
        passes.add(new Canonicalizer("canonicalize", true, List.of()));
        passes.add(new DeadNodeElimination());
        return passes;
    }
}
