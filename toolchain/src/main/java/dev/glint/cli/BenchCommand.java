package dev.glint.cli;

import dev.glint.codegen.CodegenOptions;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code glint bench}: batch-1 latency and throughput of one model on one engine — the time to prepare
 * (compile) it, then the median and 90th percentile of repeated runs on a fixed random input, after a
 * warm-up — once per requested thread count.
 */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure a model's compile time, batch-1 latency (median, p90) and throughput";
    }

    @Override
    public String description() {
        return "Prepares the model for the engine (for jit: compiles it), runs it --warmup times untimed, then\n"
                + "--iterations times timed, on one random input in [0, 1). Prints compile time, median and p90\n"
                + "latency in milliseconds and throughput in runs per second, once per thread count of --threads\n"
                + "(e.g. --threads 1,2; jit only). --json prints one object per configuration with model, engine\n"
                + "(glint), backend, precision (fp32|int8), threads, median_ms, p90_ms, runs_per_s, compile_ms and\n"
                + "iterations. Run benchmarks on a quiet machine and compare engines in one run (the bench module\n"
                + "compares with ONNX Runtime side by side).";
    }

    @Override
    public ArgParser arguments() {
        return MemoryLimitOption.addTo(QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .option("--engine", "interpreter|jit", "how to execute the model (default: " + Engines.DEFAULT + ")")
                .option("--threads", "N[,N...]", "threads the compiled network may use (default 1; jit only)")
                .option("--iterations", "N", "timed runs (default 50)")
                .option("--warmup", "N", "untimed runs first (default 5)")
                .flag("--channels-first", "store every activation NCHW as the graph does (jit; to measure what channels-last layouts save)")
                .flag("--json", "print one JSON object per configuration")));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) {
        String engineName = args.value("--engine", Engines.DEFAULT);
        Engines.forName(engineName); // reports a wrong name before the model is loaded
        CodegenOptions baseOptions = MemoryLimitOption.codegenOptions(args);
        if (args.has("--channels-first")) {
            baseOptions = baseOptions.channelsFirstOnly();
        }
        List<Integer> threadCounts = threadCounts(args.value("--threads", "1"));
        if (!engineName.equals("jit") && !threadCounts.equals(List.of(1))) {
            throw new GlintException("--threads applies to the jit engine only (engine is " + engineName + ")");
        }
        int iterations = args.intValue("--iterations", 50, 1);
        int warmup = args.intValue("--warmup", 5, 0);
        PreparedModel model = PreparedModel.load(args, ctx);
        Graph graph = model.graph();
        Map<String, Tensor> inputs = randomInputs(graph);
        String precision = model.isQuantized() ? "int8" : "fp32";
        for (int threads : threadCounts) {
            CodegenOptions options = baseOptions.withThreads(threads);
            long t0 = System.nanoTime();
            try (Engine engine = Engines.forName(engineName, options).apply(graph)) {
                double compileMs = (System.nanoTime() - t0) / 1e6;
                Latency latency = Latency.measure(() -> engine.run(inputs), warmup, iterations);
                if (args.has("--json")) {
                    ctx.out().println(new JsonWriter().beginObject().name("model").value(model.file().toString())
                            .name("engine").value("glint").name("backend").value(engineName)
                            .name("precision").value(precision).name("threads").value(threads)
                            .name("median_ms").value(latency.medianMs()).name("p90_ms").value(latency.p90Ms())
                            .name("runs_per_s").value(latency.runsPerSecond()).name("compile_ms").value(compileMs)
                            .name("iterations").value(iterations).endObject());
                } else {
                    printText(ctx, model, precision, engineName, threads, compileMs, latency, engine);
                }
            }
        }
        return 0;
    }

    private static void printText(CommandContext ctx, PreparedModel model, String precision, String engineName,
            int threads, double compileMs, Latency latency, Engine engine) {
        ctx.out().println(String.format(Locale.ROOT,
                "%s %s (%s, %d thread%s): compile %.1f ms, latency median %.3f ms, p90 %.3f ms, %.1f runs/s over %d runs",
                model.file(), precision, engineName, threads, threads == 1 ? "" : "s", compileMs, latency.medianMs(),
                latency.p90Ms(), latency.runsPerSecond(), latency.iterations()));
        if (engine instanceof JitEngine jit) {
            var plan = jit.memoryPlan();
            ctx.out().println(String.format(Locale.ROOT,
                    "memory: constants %,d B, inputs/outputs %,d B, activations %,d B planned (%,d B without reuse)",
                    plan.constantBytes(), plan.mutableBytes(), plan.activationBytes(), plan.naiveActivationBytes()));
        }
    }

    /** The thread counts of {@code --threads}: positive integers separated by commas. */
    static List<Integer> threadCounts(String spec) {
        List<Integer> counts = new ArrayList<>();
        for (String part : spec.split(",")) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new GlintException("--threads: '" + part + "' is not a whole number");
            }
            if (n < 1 || n > CodegenOptions.MAX_THREADS) {
                throw new GlintException("--threads: " + n + " is not between 1 and " + CodegenOptions.MAX_THREADS);
            }
            counts.add(n);
        }
        return counts;
    }

    /** One fixed pseudo-random value in [0, 1) per float input (integer inputs get zeros). */
    public static Map<String, Tensor> randomInputs(Graph graph) {
        Random r = new Random(1);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (InputNode n : graph.inputs()) {
            TensorType t = n.type();
            if (t.kind().isFloat()) {
                float[] v = new float[t.numElements()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat();
                }
                in.put(n.name(), Tensor.ofFloats(t, v));
            } else {
                in.put(n.name(), Tensor.zeros(t));
            }
        }
        return in;
    }
}
