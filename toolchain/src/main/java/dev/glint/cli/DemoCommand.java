package dev.glint.cli;

import dev.glint.api.CompiledModel;
import dev.glint.api.Glint;
import dev.glint.api.Model;
import dev.glint.api.Profile;
import dev.glint.bundle.Bundle;
import dev.glint.bundle.BundleCompiler;
import dev.glint.bundle.BundleWriter;
import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.io.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code glint demo}: Glint's whole job on the model that ships with it ({@code examples/digits}) —
 * profile on the calibration images, quantize, JIT-compile float and int8, measure both on the held-out
 * test images (accuracy and batch-1 latency), and write int8 bundles for x86-64 and aarch64.
 */
public final class DemoCommand implements Command {
    /** How far int8 top-1 may fall below float top-1, in percentage points, for the demo to pass. */
    static final double MAX_DROP_POINTS = 0.5;
    private static final String BUNDLE_NAME = "digits";
    private static final int LATENCY_WARMUP = 200;
    private static final int LATENCY_RUNS = 2000;

    /** A bundle target: the folder its files go into and its LLVM triple (compiled for a generic CPU). */
    private record Target(String folder, String triple) {}

    private static final List<Target> TARGETS = List.of(new Target("x86_64", "x86_64-unknown-linux-gnu"),
            new Target("aarch64", "aarch64-unknown-linux-gnu"));

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "quantize, compile and measure the shipped digits model; write x86-64 and aarch64 bundles";
    }

    @Override
    public String description() {
        return "Runs Glint end to end on examples/digits: profiles the model on its 200 calibration images,\n"
                + "quantizes it to int8, JIT-compiles the float and the int8 model, measures the top-1 accuracy of\n"
                + "both on the 359 held-out test images and their median batch-1 latency, and writes int8 bundles\n"
                + "(digits.o, digits.h, digits.weights.bin) for x86-64 and aarch64 into --out. The exit status is 1\n"
                + "when int8 top-1 falls more than " + MAX_DROP_POINTS + " points below float top-1.";
    }

    @Override
    public ArgParser arguments() {
        return new ArgParser(name())
                .option("--out", "DIR", "where to write the bundles (default: glint-demo)")
                .flag("--quiet", "print only the measured figures")
                .flag("--json", "print one JSON object with the figures and the files written");
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) throws IOException {
        long start = System.nanoTime();
        boolean json = args.has("--json");
        boolean narrate = !json && !args.has("--quiet");
        Path out = Path.of(args.value("--out", "glint-demo"));
        DemoModel demo = DemoModel.locate();

        Model floatModel = Glint.load(demo.model());
        Profile profile = floatModel.profile(demo.calibrationImages());
        Model int8Model = floatModel.quantize(profile);
        if (narrate) {
            ctx.out().println("model:       " + demo.model() + "  (" + floatModel.inputs().get(0) + " -> "
                    + floatModel.outputs().get(0) + ")");
            ctx.out().println("profiled " + profile.samples() + " calibration images; quantized to int8");
        }
        Dataset test = Dataset.read(demo.testImages());
        Labels labels = Labels.read(demo.testLabels(), test.size());
        QuantEvaluator.Result accuracy;
        LatencyComparison.Result latency;
        try (CompiledModel floatNet = floatModel.compileJit(); CompiledModel int8Net = int8Model.compileJit()) {
            if (narrate) {
                ctx.out().println(String.format(Locale.ROOT, "JIT-compiled float in %.0f ms, int8 in %.0f ms",
                        floatNet.compileMillis(), int8Net.compileMillis()));
            }
            ProgressBar progress = new ProgressBar(ctx.err(), "demo", test.size(), ctx.stderrIsTerminal() && narrate);
            try {
                accuracy = new QuantEvaluator(floatModel.graph(), floatNet::run, int8Model.graph(), int8Net::run)
                        .evaluate(test, labels, test.size(), progress);
            } finally {
                progress.finish();
            }
            float[] image = test.sample(0).toFloatArray();
            latency = LatencyComparison.measure(floatNet, int8Net, image, LATENCY_WARMUP, LATENCY_RUNS);
        }
        List<BundleWriter.Written> written = new ArrayList<>();
        for (Target t : TARGETS) {
            Bundle bundle = new BundleCompiler(new TargetSpec(t.triple(), "", ""), CodegenOptions.defaults())
                    .compile(int8Model.graph(), BUNDLE_NAME, false);
            written.addAll(BundleWriter.write(bundle, out.resolve(t.folder())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double dropPoints = 100 * (accuracy.floatTop1() - accuracy.int8Top1());
        boolean withinTarget = dropPoints <= MAX_DROP_POINTS + 1e-9;

        if (json) {
            JsonWriter w = new JsonWriter().beginObject()
                    .name("model").value(demo.model().toString())
                    .name("samples").value(accuracy.samples())
                    .name("float_top1").value(accuracy.floatTop1())
                    .name("int8_top1").value(accuracy.int8Top1())
                    .name("float_median_ms").value(latency.firstMs())
                    .name("int8_median_ms").value(latency.secondMs())
                    .name("speedup").value(latency.speedup())
                    .name("seconds").value(seconds)
                    .name("files").beginArray();
            for (BundleWriter.Written f : written) {
                w.value(f.file().toString());
            }
            ctx.out().println(w.endArray().endObject());
        } else {
            ctx.out().println(String.format(Locale.ROOT, "float top-1: %s (%d/%d)", percent(accuracy.floatTop1()),
                    accuracy.floatCorrect(), accuracy.samples()));
            ctx.out().println(String.format(Locale.ROOT, "int8 top-1:  %s (%d/%d)", percent(accuracy.int8Top1()),
                    accuracy.int8Correct(), accuracy.samples()));
            ctx.out().println(String.format(Locale.ROOT,
                    "latency (median, batch 1): float %.4f ms, int8 %.4f ms; int8 is %.2fx the speed of float",
                    latency.firstMs(), latency.secondMs(), latency.speedup()));
            if (narrate) {
                for (BundleWriter.Written f : written) {
                    ctx.out().println("wrote " + f.file() + "  (" + f.bytes() + " bytes)");
                }
                ctx.out().println(String.format(Locale.ROOT, "done in %.1f s", seconds));
            }
        }
        if (!withinTarget) {
            ctx.err().println(String.format(Locale.ROOT, "glint: demo: int8 top-1 is %.2f points below float (at most %.1f allowed)",
                    dropPoints, MAX_DROP_POINTS));
            return 1;
        }
        return 0;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
