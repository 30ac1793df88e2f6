package dev.glint.bench;

import dev.glint.cli.JsonWriter;
import dev.glint.cli.Latency;
import dev.glint.ir.TensorType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Glint against ONNX Runtime, side by side in one process: for each model and thread count, Glint fp32,
 * Glint int8, ONNX Runtime fp32 (the original model) and ONNX Runtime int8 (Glint's QDQ export, so both
 * run the same quantization), timed in interleaved rounds so that the machine's background load falls on
 * all four alike. Prints a table, the ratios, and one JSON line per configuration.
 *
 * <p>Options: {@code --models a,b} (default: all of {@link BenchModel#STANDARD}), {@code --threads 1,2},
 * {@code --weight-bits 7} (both engines' int8 models get 7-bit weights), {@code --rounds R} (default 7),
 * {@code --runs K} runs per candidate per round (default: about 0.3 s worth), {@code --shared DIR}.
 */
public final class SideBySide {
    private final PrintStream out;
    private final PrintStream log;
    private final List<String> jsonLines = new ArrayList<>();
    private final List<String> ratioLines = new ArrayList<>();

    private SideBySide(PrintStream out, PrintStream log) {
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new SideBySide(System.out, System.err).run(o);
    }

    private void run(Options o) throws Exception {
        Path work = Files.createTempDirectory("glint-bench");
        out.println(String.format(Locale.ROOT, "%-14s %-12s %-5s %3s %10s %10s %10s %11s", "model", "engine",
                "prec", "thr", "median_ms", "p90_ms", "runs/s", "compile_ms"));
        for (BenchModel m : o.models) {
            log.println("preparing " + m.name() + " (profiling " + m.calibrationSamples() + " samples of "
                    + m.calibration() + ")...");
            PreparedGraphs p = PreparedGraphs.prepare(m, o.shared, work, o.weightBits);
            for (int threads : o.threads) {
                measure(p, threads, o);
            }
        }
        out.println();
        out.println("ratios of median latency (below 1: Glint is faster)");
        ratioLines.forEach(out::println);
        out.println();
        jsonLines.forEach(out::println);
    }

    private void measure(PreparedGraphs p, int threads, Options o) {
        log.println("compiling " + p.model().name() + " for " + threads + " thread(s)...");
        List<Candidate> candidates = List.of(
                new GlintCandidate(p.floatGraph(), p.input(), "fp32", threads),
                new GlintCandidate(p.int8Graph(), p.input(), "int8", threads),
                new OrtCandidate(p.floatOnnx(), p.input(), "fp32", threads),
                new OrtCandidate(p.qdqOnnx(), p.input(), "int8", threads));
        try {
            double int8Steps = int8Agreement(p, candidates.get(1), candidates.get(3));
            int runs = o.runs > 0 ? o.runs : runsForAbout300ms(candidates);
            List<List<Double>> times = new ArrayList<>();
            candidates.forEach(c -> times.add(new ArrayList<>()));
            for (int round = 0; round < o.rounds; round++) {
                for (int k = 0; k < candidates.size(); k++) {
                    // rotate the order so that no candidate always follows the same neighbour
                    int i = (k + round) % candidates.size();
                    Candidate c = candidates.get(i);
                    for (int r = 0; r < runs; r++) {
                        long s = System.nanoTime();
                        c.runOnce();
                        times.get(i).add((System.nanoTime() - s) / 1e6);
                    }
                }
            }
            Latency[] lat = new Latency[candidates.size()];
            for (int i = 0; i < candidates.size(); i++) {
                double[] ms = times.get(i).stream().mapToDouble(Double::doubleValue).toArray();
                lat[i] = Latency.of(ms, Arrays.stream(ms).sum() / 1e3);
                report(p.model().name(), candidates.get(i), lat[i]);
            }
            ratios(p.model().name(), threads, lat, int8Steps);
        } finally {
            candidates.forEach(Candidate::close);
        }
    }

    /** The largest difference between Glint's and ONNX Runtime's int8 outputs, in output quantization steps. */
    private static double int8Agreement(PreparedGraphs p, Candidate glint, Candidate ort) {
        float[] a = glint.runOnce();
        float[] b = ort.runOnce();
        TensorType codes = p.int8Graph().outputs().get(0).node().type().isQuantized()
                ? p.int8Graph().outputs().get(0).node().type()
                : p.int8Graph().outputs().get(0).node().input(0).type();
        float step = codes.isQuantized() ? codes.quant().scale() : 1f;
        double max = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]) / step);
        }
        return max;
    }

    private static int runsForAbout300ms(List<Candidate> candidates) {
        double slowest = 0;
        for (Candidate c : candidates) {
            for (int i = 0; i < 3; i++) {
                c.runOnce(); // warm-up
            }
            long s = System.nanoTime();
            c.runOnce();
            slowest = Math.max(slowest, (System.nanoTime() - s) / 1e6);
        }
        return (int) Math.max(3, Math.min(200, 300 / Math.max(slowest, 1e-3)));
    }

    private void report(String model, Candidate c, Latency l) {
        out.println(String.format(Locale.ROOT, "%-14s %-12s %-5s %3d %10.3f %10.3f %10.1f %11.1f", model, c.engine(),
                c.precision(), c.threads(), l.medianMs(), l.p90Ms(), l.runsPerSecond(), c.compileMillis()));
        jsonLines.add(new JsonWriter().beginObject().name("model").value(model).name("engine").value(c.engine())
                .name("precision").value(c.precision()).name("threads").value(c.threads())
                .name("median_ms").value(l.medianMs()).name("p90_ms").value(l.p90Ms())
                .name("runs_per_s").value(l.runsPerSecond()).name("compile_ms").value(c.compileMillis())
                .name("iterations").value(l.iterations()).endObject().toString());
    }

    /** Candidates are in the order glint fp32, glint int8, ORT fp32, ORT int8. */
    private void ratios(String model, int threads, Latency[] l, double int8Steps) {
        double int8VsInt8 = l[1].medianMs() / l[3].medianMs();
        double int8VsFp32 = l[1].medianMs() / l[2].medianMs();
        double fp32VsFp32 = l[0].medianMs() / l[2].medianMs();
        ratioLines.add(String.format(Locale.ROOT,
                "%-14s %d thr: glint int8 / ort int8 %.2f, glint int8 / ort fp32 %.2f, glint fp32 / ort fp32 %.2f"
                        + "  (int8 outputs differ by at most %.1f step(s))",
                model, threads, int8VsInt8, int8VsFp32, fp32VsFp32, int8Steps));
        jsonLines.add(new JsonWriter().beginObject().name("model").value(model).name("threads").value(threads)
                .name("glint_int8_over_ort_int8").value(int8VsInt8).name("glint_int8_over_ort_fp32").value(int8VsFp32)
                .name("glint_fp32_over_ort_fp32").value(fp32VsFp32).name("int8_max_diff_steps").value(int8Steps)
                .endObject().toString());
    }

    /** The command line of {@link SideBySide}. */
    private record Options(List<BenchModel> models, List<Integer> threads, int rounds, int runs, int weightBits,
            Path shared) {
        static Options parse(String[] args) {
            List<BenchModel> models = BenchModel.STANDARD;
            List<Integer> threads = List.of(1, 2);
            int rounds = 7;
            int runs = 0;
            int weightBits = 8;
            Path shared = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--models" -> models = Arrays.stream(v.split(",")).map(BenchModel::named).toList();
                    case "--threads" -> threads = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--weight-bits" -> weightBits = Integer.parseInt(v);
                    case "--shared" -> shared = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (options: --models, --threads, --rounds, --runs, --weight-bits, --shared)");
                }
            }
            if (shared != null) {
                System.setProperty("glint.shared", shared.toString());
            }
            return new Options(models, threads, rounds, runs, weightBits, SharedFolder.locate());
        }
    }
}
