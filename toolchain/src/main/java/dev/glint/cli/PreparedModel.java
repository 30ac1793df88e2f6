package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.passes.Canonicalization;
import dev.glint.quantizer.QuantReport;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ProfileFormat;
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

    /** Loads and canonicalizes the model, then quantizes it if the arguments give a profile. */
    static PreparedModel load(ParsedArgs args, CommandContext ctx) {
        Path file = Path.of(args.positional(0));
        Graph g = canonical(ctx.models().load(file));
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
        Quantizer.Result q = Quantizer.quantize(g, profile, QuantOptions.config(args));
        return new PreparedModel(file, g, q.graph(), q.report());
    }

    /** The float graph after the standard canonicalization (BatchNorm folding, FC fusion, constant folding). */
    static Graph canonical(Graph g) {
        Canonicalization.standardPipeline().run(g);
        return g;
    }
}
