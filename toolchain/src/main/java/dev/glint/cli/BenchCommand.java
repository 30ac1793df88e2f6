package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code glint bench}: batch-1 latency of one model on one engine — the time to prepare (compile) it,
 * then the median and 90th percentile of repeated runs on a fixed random input, after a warm-up.
 */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure a model's compile time and batch-1 latency (median, p90)";
    }

    @Override
    public String description() {
        return "Prepares the model for the engine (for jit: compiles it), runs it --warmup times untimed, then\n"
                + "--iterations times timed, on one random input in [0, 1). Prints compile time, median and p90\n"
                + "latency in milliseconds; --json prints one object with model, engine, precision, median_ms, p90_ms,\n"
                + "compile_ms and iterations. Run benchmarks on a quiet machine and compare engines in one run.";
    }

    @Override
    public ArgParser arguments() {
        return MemoryLimitOption.addTo(QuantOptions.addTo(new ArgParser(name())
                .positional("MODEL.onnx")
                .option("--engine", "interpreter|jit", "how to execute the model (default: " + Engines.DEFAULT + ")")
                .option("--iterations", "N", "timed runs (default 50)")
                .option("--warmup", "N", "untimed runs first (default 5)")
                .flag("--json", "print one JSON object")));
    }

    @Override
    public int run(ParsedArgs args, CommandContext ctx) {
        String engineName = args.value("--engine", Engines.DEFAULT);
        Function<Graph, Engine> factory = Engines.forName(engineName, MemoryLimitOption.codegenOptions(args));
        int iterations = args.intValue("--iterations", 50, 1);
        int warmup = args.intValue("--warmup", 5, 0);
        PreparedModel model = PreparedModel.load(args, ctx);
        Graph graph = model.graph();
        long t0 = System.nanoTime();
        Engine engine = factory.apply(graph);
        double compileMs = (System.nanoTime() - t0) / 1e6;
        Map<String, Tensor> inputs = randomInputs(graph);
        try {
            for (int i = 0; i < warmup; i++) {
                engine.run(inputs);
            }
            double[] ms = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long s = System.nanoTime();
                engine.run(inputs);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            double median = ms[ms.length / 2];
            double p90 = ms[Math.min(ms.length - 1, (int) Math.ceil(0.9 * ms.length) - 1)];
            String precision = model.isQuantized() ? "int8" : "fp32";
            if (args.has("--json")) {
                ctx.out().println(new JsonWriter().beginObject().name("model").value(model.file().toString())
                        .name("engine").value("glint-" + engineName).name("precision").value(precision)
                        .name("threads").value(1).name("median_ms").value(median).name("p90_ms").value(p90)
                        .name("compile_ms").value(compileMs).name("iterations").value(iterations).endObject());
            } else {
                ctx.out().println(String.format(Locale.ROOT,
                        "%s %s (%s): compile %.1f ms, latency median %.3f ms, p90 %.3f ms over %d runs",
                        model.file(), precision, engineName, compileMs, median, p90, iterations));
                if (engine instanceof JitEngine jit) {
                    var plan = jit.memoryPlan();
                    ctx.out().println(String.format(Locale.ROOT,
                            "memory: constants %,d B, inputs/outputs %,d B, activations %,d B planned (%,d B without reuse)",
                            plan.constantBytes(), plan.mutableBytes(), plan.activationBytes(), plan.naiveActivationBytes()));
                }
            }
        } finally {
            engine.close();
        }
        return 0;
    }

    /** One fixed pseudo-random value in [0, 1) per float input (integer inputs get zeros). */
    static Map<String, Tensor> randomInputs(Graph graph) {
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
