package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.io.Dataset;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.QuantReport;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --accuracy-target DROP} (for {@code compile} and {@code eval}): keeps the most sensitive layers in
 * float, as {@link KeepFloatSearch} measures them on {@code --data} and {@code --labels}, until int8 top-1
 * is within DROP percentage points of float top-1.
 */
final class AccuracyTarget {
    static final String OPTION = "--accuracy-target";

    private AccuracyTarget() {}

    /** Adds the option to a parser (which must offer {@code --data}, {@code --labels} and {@code --limit}). */
    static ArgParser addTo(ArgParser p) {
        return p.option(OPTION, "DROP", "keep the most sensitive layers in float until int8 top-1 on --data/--labels "
                + "is within DROP percentage points of float (needs --profile)");
    }

    static boolean requested(ParsedArgs args) {
        return args.has(OPTION);
    }

    /**
     * Runs the search for a model and profile quantized with {@code config}; prints its steps on {@code log};
     * returns the nodes to keep in float. Throws {@link TargetNotReachedException} when even keeping every
     * candidate in float does not reach the target.
     */
    static Set<String> chooseKeepFloat(ParsedArgs args, Graph floatGraph, Profile profile, QuantConfig config,
            PrintStream log) {
        double maxDrop = parseDrop(args.value(OPTION));
        if (!args.has("--data") || !args.has("--labels")) {
            throw new GlintException(OPTION + " needs labelled samples: --data X.npy --labels L.npy");
        }
        Dataset data = Dataset.read(Path.of(args.value("--data")));
        if (data.size() == 0) {
            throw new GlintException(data.source() + ": the dataset holds no samples");
        }
        Labels labels = Labels.read(Path.of(args.value("--labels")), data.size());
        int count = Math.min(args.intValue("--limit", Integer.MAX_VALUE, 1), data.size());
        List<String> candidates = candidates(floatGraph, profile, config);
        KeepFloatSearch search = new KeepFloatSearch(floatGraph,
                keep -> quantizeAndOptimize(floatGraph, profile, config.withKeepFloat(keep)), data, labels, count,
                log::println);
        KeepFloatSearch.Outcome outcome = search.run(maxDrop, config.keepFloat(), candidates);
        if (!outcome.reached()) {
            throw new TargetNotReachedException(String.format(Locale.ROOT,
                    "%s %s: not reachable: int8 top-1 %.2f%% with all %d candidate layers in float, float top-1 %.2f%%",
                    OPTION, args.value(OPTION), outcome.int8Top1Percent(), candidates.size(), outcome.floatTop1Percent()));
        }
        return outcome.keepFloat();
    }

    /**
     * The layers the search may keep in float: every compute node the quantizer converts, by value name.
     * Layout changes and max pooling are candidates too: they are exact on integer codes only while their
     * neighbours are quantized, and next to a float layer they quantize (and clip) values themselves.
     */
    static List<String> candidates(Graph floatGraph, Profile profile, QuantConfig config) {
        List<String> names = new ArrayList<>();
        for (QuantReport.Entry e : Quantizer.quantize(floatGraph, profile, config).report().entries()) {
            if (!e.isFloat()) {
                names.add(e.name());
            }
        }
        return names;
    }

    static Graph quantizeAndOptimize(Graph floatGraph, Profile profile, QuantConfig config) {
        Graph q = Quantizer.quantize(floatGraph, profile, config).graph();
        new QuantOptimizer().run(q);
        return q;
    }

    private static double parseDrop(String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below, with the expected form
        }
        throw new GlintException(OPTION + " needs a number of percentage points (at least 0, e.g. 0.5), got '" + v + "'");
    }
}
