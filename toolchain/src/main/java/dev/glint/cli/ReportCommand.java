package dev.glint.cli;

import dev.glint.cli.data.DataSources;
import dev.glint.cli.report.LayerRecord;
import dev.glint.cli.report.LayerTimer;
import dev.glint.cli.report.ReportCollector;
import dev.glint.cli.report.ReportData;
import dev.glint.cli.report.ReportPage;
import dev.glint.ir.GlintException;
import dev.glint.ir.io.Dataset;
import dev.glint.quantizer.profile.ProfileFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code glint report}: a static HTML page on how quantization treats each layer of a model. */
public final class ReportCommand implements Command {
    private static final int DEFAULT_TIMING_RUNS = 20;

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "write an HTML page on each layer's quantization: ranges, SQNR, cost, JIT time";
    }

    @Override
    public String description() {
        return "Quantizes the model with the profile, runs the float and the int8 model on the data in the\n"
                + "reference interpreter and writes one self-contained HTML page (no scripts, no network): for each\n"
                + "layer its precision (and why float), operand and output scales and offsets, the SQNR of its\n"
                + "output against the float model, the profile histogram with the chosen clipping range, and its\n"
                + "time alone under the JIT; the layers that lose the most SQNR; top-1 agreement and, with labels,\n"
                + "accuracy.\n" + DataHelp.IMAGES;
    }

    @Override
    public ArgParser arguments() {
        return QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .requiredOption("--data", "X.npy|DIR", "samples to compare float and int8 on (an array or images)")
                .option("--preprocess", "SPEC", DataHelp.PREPROCESS_OPTION)
                .option("--labels", "L.npy|FILE", "classes of the samples, for top-1 (images: default from their names)")
                .requiredOption("--out", "REPORT.html", "where to write the page")
                .option("--limit", "N", "use only the first N samples")
                .option("--timing-runs", "N", "timed JIT runs per layer (default " + DEFAULT_TIMING_RUNS
                        + "; 0: do not time layers)")
                .flag("--json", "print a JSON summary (samples, layers, agreement, SQNR, costliest layer, out)")
                .flag("--quiet", "no progress bars"));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        if (!args.has("--profile")) {
            throw new GlintException("report needs --profile P.json (made by glint profile): it describes a quantized model");
        }
        int limit = args.intValue("--limit", Integer.MAX_VALUE, 1);
        int timingRuns = args.intValue("--timing-runs", DEFAULT_TIMING_RUNS, 0);
        Path out = Path.of(args.value("--out"));
        long t0 = System.nanoTime();
        PreparedModel model = PreparedModel.load(args, ctx);
        String profileFile = args.value("--profile");
        Dataset data = DataHelp.open(args, model.floatGraph());
        int count = Math.min(limit, data.size());
        LabelChoice labels = labels(args, data);
        boolean bars = ctx.stderrIsTerminal() && !args.has("--quiet");
        ReportCollector collector = new ReportCollector(new ReportCollector.Model(model.file().toString(),
                model.floatGraph(), model.quantGraph(), model.report(), ProfileFormat.read(Path.of(profileFile)),
                profileFile, calibration(args)));
        ReportData report = collector.collect(data, count, labels.labels(), labels.note(),
                timingRuns == 0 ? null : new LayerTimer(timingRuns),
                n -> new ProgressBar(ctx.err(), "report", n, bars),
                n -> new ProgressBar(ctx.err(), "timing", n, bars));
        Files.writeString(out, ReportPage.render(report), StandardCharsets.UTF_8);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<LayerRecord> worst = report.costliest(1);
        if (args.has("--json")) {
            JsonWriter w = new JsonWriter().beginObject()
                    .name("samples").value(report.samples())
                    .name("layers").value(report.layers().size())
                    .name("int8_layers").value(report.int8Layers())
                    .name("agreement").value(report.agreement())
                    .name("output_sqnr_db").value(report.outputSqnrDb());
            if (report.hasLabels()) {
                w.name("float_top1").value((double) report.floatCorrect() / report.samples())
                        .name("int8_top1").value((double) report.int8Correct() / report.samples());
            }
            w.name("costliest_layer").value(worst.isEmpty() ? null : worst.get(0).name())
                    .name("seconds").value(seconds)
                    .name("out").value(out.toString());
            ctx.out().println(w.endObject());
        } else {
            ctx.out().println(String.format(Locale.ROOT, "wrote %s: %d layers (%d integer), agreement %.2f%% over %d samples, "
                    + "output SQNR %.2f dB%s; %.1f s", out, report.layers().size(), report.int8Layers(),
                    100 * report.agreement(), report.samples(), report.outputSqnrDb(),
                    worst.isEmpty() ? "" : ", costliest layer " + worst.get(0).name(), seconds));
        }
        return 0;
    }

    private record LabelChoice(Labels labels, String note) {}

    /** Labels from --labels, or for images from their names when they carry numbers; the report works without. */
    private static LabelChoice labels(ParsedArgs args, Dataset data) {
        String given = args.value("--labels", null);
        if (given != null) {
            return new LabelChoice(DataSources.labels(given, data), given);
        }
        if (data instanceof dev.glint.cli.data.ImageDataset) {
            try {
                return new LabelChoice(DataSources.labels(null, data), "from the image names");
            } catch (GlintException e) {
                return new LabelChoice(null, "none (" + e.getMessage() + ")");
            }
        }
        return new LabelChoice(null, "none (give --labels for top-1 accuracy)");
    }

    /** The quantization settings in words, as the options gave them. */
    private static List<String> calibration(ParsedArgs args) {
        List<String> c = new ArrayList<>();
        c.add("schema " + args.value("--schema", "asymmetric"));
        c.add("calibration " + args.value("--calibration", "minmax"));
        c.add("weights " + (args.has("--per-tensor") ? "per-tensor" : "per-channel"));
        if (args.has("--keep-float")) {
            c.add("kept in float: " + args.value("--keep-float"));
        }
        return c;
    }
}
