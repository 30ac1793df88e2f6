package dev.glint.cli;

import dev.glint.api.CompiledModel;
import java.util.Arrays;

/**
 * Batch-1 latency of two compiled models on the same input, measured in alternation (one run of each
 * per round) so that a change in machine load during the measurement affects both alike.
 */
final class LatencyComparison {
    /** Median milliseconds per run of each model. */
    record Result(double firstMs, double secondMs) {
        /** How many times faster the second model is than the first. */
        double speedup() {
            return firstMs / secondMs;
        }
    }

    private LatencyComparison() {}

    static Result measure(CompiledModel first, CompiledModel second, float[] input, int warmup, int iterations) {
        for (int i = 0; i < warmup; i++) {
            first.run(input);
            second.run(input);
        }
        double[] a = new double[iterations];
        double[] b = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            a[i] = timeMillis(first, input);
            b[i] = timeMillis(second, input);
        }
        return new Result(median(a), median(b));
    }

    private static double timeMillis(CompiledModel model, float[] input) {
        long start = System.nanoTime();
        model.run(input);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
