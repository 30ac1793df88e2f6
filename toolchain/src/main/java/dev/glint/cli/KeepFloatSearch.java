package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.io.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Chooses which layers to keep in float so that int8 top-1 stays within a given number of percentage
 * points of float top-1. Everything is measured on the labelled samples, through the JIT:
 * <ol>
 *   <li>float and fully quantized top-1; if the drop is already within the target, nothing is kept;</li>
 *   <li>the sensitivity of each candidate layer: top-1 (and, to break ties, output SQNR against float) of
 *       the model with only that layer quantized — every other candidate kept in float. Measuring a layer
 *       alone separates its error from the others'; the opposite measurement (only that layer kept in
 *       float) hides it whenever the error is spread over many layers, as with a clipping calibration;</li>
 *   <li>the layers, most sensitive first, are kept in float one at a time, measuring top-1 after each,
 *       until the drop is within the target.</li>
 * </ol>
 * Each measurement compiles one variant of the model, so the cost is about (2 × candidates) compilations
 * and runs over the samples at worst.
 */
final class KeepFloatSearch {
    /** One step of the greedy phase: the layer added to the kept set and the top-1 it gave. */
    record Step(String layer, double int8Top1Percent) {}

    /** What the search found: whether the target was reached, with which kept set, through which steps. */
    record Outcome(boolean reached, double floatTop1Percent, double int8Top1Percent, Set<String> keepFloat,
            List<Step> steps) {}

    private record Sensitivity(String layer, ClassifierRun run, double sqnrDb) {}

    private final Graph floatGraph;
    private final Function<Set<String>, Graph> quantize;
    private final Dataset data;
    private final Labels labels;
    private final int count;
    private final Consumer<String> log;
    private final Map<Set<String>, ClassifierRun> measured = new HashMap<>();

    /**
     * @param quantize the quantized (and optimized) model keeping the given nodes in float
     * @param log      receives one line per measurement, for the user to follow the search
     */
    KeepFloatSearch(Graph floatGraph, Function<Set<String>, Graph> quantize, Dataset data, Labels labels, int count,
            Consumer<String> log) {
        this.floatGraph = floatGraph;
        this.quantize = quantize;
        this.data = data;
        this.labels = labels;
        this.count = count;
        this.log = log;
    }

    /**
     * Runs the search.
     *
     * @param maxDropPoints how far int8 top-1 may be below float top-1, in percentage points
     * @param alwaysKept    nodes kept in float whatever the search finds (the user's {@code --keep-float})
     * @param candidates    the quantized layers the search may keep in float, in graph order
     */
    Outcome run(double maxDropPoints, Set<String> alwaysKept, List<String> candidates) {
        ClassifierRun floatRun = ClassifierRun.measure(floatGraph, data, labels, count);
        double floatTop1 = floatRun.top1Percent();
        ClassifierRun all = measure(alwaysKept);
        log.accept(String.format(Locale.ROOT, "accuracy target: int8 top-1 within %s of float top-1 on %d samples",
                points(maxDropPoints), count));
        log.accept(String.format(Locale.ROOT, "  float top-1 %.2f%%; int8 top-1 %.2f%% with every layer quantized (drop %s)",
                floatTop1, all.top1Percent(), points(floatTop1 - all.top1Percent())));
        if (within(floatTop1, all, maxDropPoints)) {
            log.accept("  target reached; no layer needs to stay in float");
            return new Outcome(true, floatTop1, all.top1Percent(), alwaysKept, List.of());
        }
        List<Sensitivity> ranked = new ArrayList<>();
        for (String layer : candidates) {
            List<String> others = new ArrayList<>(candidates);
            others.remove(layer);
            ClassifierRun run = measure(with(alwaysKept, others));
            Sensitivity s = new Sensitivity(layer, run, run.sqnrDbAgainst(floatRun));
            ranked.add(s);
            log.accept(String.format(Locale.ROOT, "  sensitivity of %s: int8 top-1 %.2f%%, output SQNR %.2f dB when only it is quantized",
                    layer, run.top1Percent(), s.sqnrDb()));
        }
        // Most sensitive first: the lowest top-1 when quantized alone, then the lowest SQNR.
        ranked.sort(Comparator.comparingInt((Sensitivity s) -> s.run().correct())
                .thenComparingDouble(Sensitivity::sqnrDb));
        List<String> kept = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        ClassifierRun last = all;
        for (Sensitivity s : ranked) {
            kept.add(s.layer());
            last = measure(with(alwaysKept, kept));
            steps.add(new Step(s.layer(), last.top1Percent()));
            boolean reached = within(floatTop1, last, maxDropPoints);
            log.accept(String.format(Locale.ROOT, "  step %d: keep %s in float -> int8 top-1 %.2f%% (drop %s)%s",
                    steps.size(), s.layer(), last.top1Percent(), points(floatTop1 - last.top1Percent()),
                    reached ? ": target reached" : ""));
            if (reached) {
                log.accept("  kept in float: " + String.join(", ", kept));
                return new Outcome(true, floatTop1, last.top1Percent(), with(alwaysKept, kept), steps);
            }
        }
        return new Outcome(false, floatTop1, last.top1Percent(), with(alwaysKept, kept), steps);
    }

    private ClassifierRun measure(Set<String> keepFloat) {
        return measured.computeIfAbsent(keepFloat, k -> ClassifierRun.measure(quantize.apply(k), data, labels, count));
    }

    /** Within the target, allowing for the rounding of percentages computed from counts. */
    private static boolean within(double floatTop1, ClassifierRun int8, double maxDropPoints) {
        return floatTop1 - int8.top1Percent() <= maxDropPoints + 1e-9;
    }

    private static Set<String> with(Set<String> base, List<String> more) {
        Set<String> s = new LinkedHashSet<>(base);
        s.addAll(more);
        return Set.copyOf(s);
    }

    private static String points(double p) {
        return String.format(Locale.ROOT, "%.2f points", p);
    }
}
