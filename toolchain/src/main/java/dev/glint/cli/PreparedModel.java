package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.ir.passes.PassManager;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.QuantReport;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ProfileFormat;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A model as the commands use it: the canonical float graph and, when {@code --profile} is given, the
 * quantized graph with its per-node report. Loading a profile that does not fit the model is an error
 * listing what differs.
 */
record PreparedModel(Path file, Graph floatGraph, Graph quantGraph, QuantReport report) {
    boolean isQuantized() {
        return quantGraph != null;
    }

    /** The graph to execute: the quantized one when there is one. */
    Graph graph() {
        return quantGraph != null ? quantGraph : floatGraph;
    }

    /**
     * Loads and canonicalizes the model, then quantizes it if the arguments give a profile (keeping in float
     * what {@code --keep-float} names and what {@code --accuracy-target} chooses).
     */
    static PreparedModel load(ParsedArgs args, CommandContext ctx) {
        Path file = Path.of(args.positional(0));
        String dumpAfter = args.value("--dump-after", null);
        PassManager canonicalization = Canonicalization.standardPipeline();
        if (dumpAfter != null) {
            checkPassName(dumpAfter, canonicalization);
            if (dumpAfter.equals(PassManager.ALL) || canonicalization.passNames().contains(dumpAfter)) {
                canonicalization.dumpAfter(dumpAfter, ctx.err());
            }
        }
        Graph g = ctx.models().load(file);
        canonicalization.run(g);
        String stray = QuantOptions.optionWithoutProfile(args);
        if (stray != null) {
            throw new GlintException(stray + " needs --profile P.json");
        }
        String profileFile = args.value("--profile", null);
        if (profileFile == null) {
            return new PreparedModel(file, g, null, null);
        }
        Path pf = Path.of(profileFile);
        Profile profile = ProfileFormat.read(pf);
        profile.checkFits(g, ModelHash.of(file), pf.toString());
        QuantConfig config = QuantOptions.config(args);
        if (AccuracyTarget.requested(args)) {
            // The search's steps go with the command's output, unless that must be a single JSON object.
            PrintStream log = args.has("--json") ? ctx.err() : ctx.out();
            config = config.withKeepFloat(AccuracyTarget.chooseKeepFloat(args, g, profile, config, log));
        }
        Quantizer.Result q = Quantizer.quantize(g, profile, config);
        QuantOptimizer optimizer = new QuantOptimizer();
        if (dumpAfter != null && (dumpAfter.equals(PassManager.ALL) || QuantOptimizer.passNames().contains(dumpAfter))) {
            optimizer.dumpAfter(dumpAfter, text -> ctx.err().print(text));
        }
        if (args.has("--stop-after")) {
            optimizer.stopAfter(args.intValue("--stop-after", Integer.MAX_VALUE, 0));
        }
        optimizer.run(q.graph());
        return new PreparedModel(file, g, q.graph(), QuantReport.describe(q.graph(), q.report()));
    }

    private static void checkPassName(String name, PassManager canonicalization) {
        if (!name.equals(PassManager.ALL) && !canonicalization.passNames().contains(name)
                && !QuantOptimizer.passNames().contains(name)) {
            throw new GlintException("--dump-after: no pass named '" + name + "'; passes: "
                    + String.join(", ", canonicalization.passNames()) + ", " + String.join(", ", QuantOptimizer.passNames())
                    + " (or all)");
        }
    }

    /** The float graph after the standard canonicalization (BatchNorm folding, FC fusion, constant folding). */
    static Graph canonical(Graph g) {
        Canonicalization.standardPipeline().run(g);
        return g;
    }
}
