package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.cli.data.DataSources;
import dev.glint.ir.io.Dataset;
import java.util.Locale;
import java.util.function.Function;

/** {@code glint eval}: top-1 accuracy of a classifier over a labelled dataset. */
public final class EvalCommand implements Command {
    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "measure a classifier's top-1 accuracy on a labelled .npy dataset or image folder";
    }

    @Override
    public String description() {
        return "The dataset's first axis counts samples; each sample is reshaped to the model's input when the\n"
                + "element counts match, and integer data is converted to float32 unchanged. The labels are an\n"
                + "integer array with one entry per sample. The prediction is the index of the largest value in\n"
                + "the model's (single) output. With --min-top1, the exit status is 1 when accuracy falls short.\n"
                + DataHelp.IMAGES;
    }

    @Override
    public ArgParser arguments() {
        return MemoryLimitOption.addTo(AccuracyTarget.addTo(QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .requiredOption("--data", "X.npy|DIR", "the samples: an array whose first axis counts them, or images")
                .option("--preprocess", "SPEC", DataHelp.PREPROCESS_OPTION)
                .option("--labels", "L.npy|FILE", "one integer class per sample (images: also a text file of "
                        + "'NAME LABEL' lines; default: numbers in the image names)")
                .option("--engine", "interpreter|jit", "how to execute the model (default: " + Engines.DEFAULT + ")")
                .option("--limit", "N", "evaluate only the first N samples")
                .option("--min-top1", "FRACTION", "exit with status 1 if top-1 is below this (0.95 or 95%)")
                .flag("--json", "print one JSON object: samples, float_top1 (and with --profile: int8_top1, "
                        + "agreement, sqnr_db)")
                .flag("--quiet", "no progress bar"))));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) {
        Function<Graph, Engine> engineFactory =
                Engines.forName(args.value("--engine", Engines.DEFAULT), MemoryLimitOption.codegenOptions(args));
        int limit = args.intValue("--limit", Integer.MAX_VALUE, 1);
        Double minTop1 = args.fractionValue("--min-top1");
        PreparedModel model = PreparedModel.load(args, ctx);
        Graph graph = model.floatGraph();
        Dataset data = DataHelp.open(args, graph);
        Labels labels = DataSources.labels(args.value("--labels", null), data);
        int count = Math.min(limit, data.size());
        ProgressBar progress = new ProgressBar(ctx.err(), "eval", count,
                ctx.stderrIsTerminal() && !args.has("--quiet"));
        if (model.isQuantized()) {
            return evaluateQuantized(model, engineFactory, data, labels, count, progress, args, ctx, minTop1);
        }
        Top1Evaluator.Result result;
        try (Engine engine = engineFactory.apply(graph)) {
            result = new Top1Evaluator(graph, engine).evaluate(data, labels, count, progress);
        } finally {
            progress.finish();
        }
        if (args.has("--json")) {
            ctx.out().println(new JsonWriter().beginObject()
                    .name("samples").value(result.samples())
                    .name("float_top1").value(result.fraction())
                    .endObject());
        } else {
            // A model that arrives already quantized (QLinearConv...) runs in integers without --profile.
            boolean integerModel = graph.nodes().stream().anyMatch(n -> !n.isConstant() && n.type().isQuantized());
            ctx.out().println(String.format(Locale.ROOT, "%s: %s (%d/%d)", integerModel ? "top-1" : "float top-1",
                    percent(result.fraction()), result.correct(), result.samples()));
        }
        if (minTop1 != null && result.fraction() < minTop1) {
            ctx.err().println("glint: float top-1 " + percent(result.fraction()) + " is below --min-top1 "
                    + percent(minTop1));
            return 1;
        }
        return 0;
    }

    private static int evaluateQuantized(PreparedModel model, Function<Graph, Engine> engines, Dataset data,
            Labels labels, int count, ProgressBar progress, ParsedArgs args, CommandContext ctx, Double minTop1) {
        QuantEvaluator.Result r;
        try (Engine floatEngine = engines.apply(model.floatGraph()); Engine quantEngine = engines.apply(model.quantGraph())) {
            r = new QuantEvaluator(model.floatGraph(), floatEngine, model.quantGraph(), quantEngine)
                    .evaluate(data, labels, count, progress);
        } finally {
            progress.finish();
        }
        if (args.has("--json")) {
            ctx.out().println(new JsonWriter().beginObject()
                    .name("samples").value(r.samples())
                    .name("float_top1").value(r.floatTop1())
                    .name("int8_top1").value(r.int8Top1())
                    .name("agreement").value(r.agreement())
                    .name("sqnr_db").value(r.sqnrDb())
                    .name("cosine_min").value(r.cosineMin())
                    .name("cosine_mean").value(r.cosineMean())
                    .endObject());
        } else {
            ctx.out().println(String.format(Locale.ROOT, "float top-1: %s (%d/%d)", percent(r.floatTop1()),
                    r.floatCorrect(), r.samples()));
            ctx.out().println(String.format(Locale.ROOT, "int8 top-1:  %s (%d/%d)", percent(r.int8Top1()),
                    r.int8Correct(), r.samples()));
            ctx.out().println(String.format(Locale.ROOT, "agreement:   %s (%d/%d)", percent(r.agreement()),
                    r.agree(), r.samples()));
            ctx.out().println(String.format(Locale.ROOT, "output SQNR: %.2f dB", r.sqnrDb()));
            ctx.out().println(String.format(Locale.ROOT, "output cosine similarity: min %.5f, mean %.5f",
                    r.cosineMin(), r.cosineMean()));
        }
        if (minTop1 != null && r.int8Top1() < minTop1) {
            ctx.err().println("glint: int8 top-1 " + percent(r.int8Top1()) + " is below --min-top1 " + percent(minTop1));
            return 1;
        }
        return 0;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
