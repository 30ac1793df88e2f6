package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.io.Dataset;
import dev.glint.quantizer.profile.Profile;
import dev.glint.quantizer.profile.ProfileFormat;
import dev.glint.quantizer.profile.Profiler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code glint profile}: measures the range of every float value over a calibration dataset. */
public final class ProfileCommand implements Command {
    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String summary() {
        return "measure every value's range on calibration data and write a profile (JSON)";
    }

    @Override
    public String description() {
        return "Runs the model on each sample of the dataset (first axis counts samples; each sample is reshaped\n"
                + "to the model's input when the element counts match) and records, for every float value, its\n"
                + "minimum, maximum and a histogram of fixed size. The profile records the model's SHA-256 and input\n"
                + "shapes; commands refuse it for any other model. NaN or infinity anywhere is an error.\n"
                + DataHelp.IMAGES;
    }

    @Override
    public ArgParser arguments() {
        return new ArgParser(name())
                .positional("MODEL.onnx")
                .requiredOption("--data", "X.npy|DIR", "calibration samples: an array whose first axis counts them, or images")
                .option("--preprocess", "SPEC", DataHelp.PREPROCESS_OPTION)
                .requiredOption("--out", "P.json", "where to write the profile")
                .option("--limit", "N", "use only the first N samples")
                .flag("--json", "print a JSON summary {\"samples\": N, \"values\": N, \"out\": path}")
                .flag("--quiet", "no progress bar");
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) {
        Path file = Path.of(args.positional(0));
        Graph g = PreparedModel.canonical(ctx.models().load(file));
        if (g.inputs().size() != 1) {
            throw GlintException.of("profiling from one .npy needs a model with one input; this one has %d", g.inputs().size());
        }
        InputNode input = g.inputs().get(0);
        Dataset data = DataHelp.open(args, g);
        data.checkFits(input.type(), input.name());
        int count = Math.min(args.intValue("--limit", Integer.MAX_VALUE, 1), data.size());
        Profiler profiler = new Profiler(g);
        ProgressBar progress = new ProgressBar(ctx.err(), "profile", count, ctx.stderrIsTerminal() && !args.has("--quiet"));
        try {
            for (int i = 0; i < count; i++) {
                profiler.addSample(Map.of(input.name(), data.sample(i, input.type(), input.name())));
                progress.update(i + 1);
            }
        } finally {
            progress.finish();
        }
        Profile profile = profiler.toProfile(ModelHash.of(file));
        Path out = Path.of(args.value("--out"));
        ProfileFormat.write(out, profile);
        if (args.has("--json")) {
            ctx.out().println(new JsonWriter().beginObject().name("samples").value(count)
                    .name("values").value(profile.values().size()).name("out").value(out.toString()).endObject());
        } else {
            ctx.out().println(String.format(Locale.ROOT, "profiled %,d values over %,d samples; wrote %s",
                    profile.values().size(), count, out));
        }
        return 0;
    }
}
