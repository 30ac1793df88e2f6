package dev.glint.cli;

import java.util.Arrays;

/**
 * Timings of repeated runs of one configuration: the median and 90th-percentile latency and the throughput
 * (runs per second of the timed loop).
 *
 * @param medianMs the median run time in milliseconds
 * @param p90Ms the 90th percentile run time in milliseconds (nearest rank)
 * @param runsPerSecond timed runs divided by the timed loop's wall time
 * @param iterations the number of timed runs
 */
public record Latency(double medianMs, double p90Ms, double runsPerSecond, int iterations) {
    /** Runs {@code run} {@code warmup} times untimed, then {@code iterations} times timed. */
    public static Latency measure(Runnable run, int warmup, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        for (int i = 0; i < warmup; i++) {
            run.run();
        }
        double[] ms = new double[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        return of(ms, totalSeconds);
    }

    /** Statistics of the given run times (milliseconds) that took {@code totalSeconds} altogether. */
    public static Latency of(double[] runMillis, double totalSeconds) {
        double[] ms = runMillis.clone();
        Arrays.sort(ms);
        double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        double p90 = ms[Math.min(ms.length - 1, (int) Math.ceil(0.9 * ms.length) - 1)];
        return new Latency(median, p90, ms.length / totalSeconds, ms.length);
    }
}
