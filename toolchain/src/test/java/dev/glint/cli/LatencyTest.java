package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyTest {
    @Test
    void medianP90AndThroughputOfKnownTimes() {
        double[] ms = {5, 1, 4, 2, 3, 10, 6, 7, 9, 8};
        Latency l = Latency.of(ms, 0.5);
        assertEquals(5.5, l.medianMs(), 1e-12, "median of an even count is the mean of the middle two");
        assertEquals(9, l.p90Ms(), 1e-12, "nearest-rank 90th percentile of 10 values is the 9th");
        assertEquals(20, l.runsPerSecond(), 1e-9, "10 runs in 0.5 s");
        assertEquals(10, l.iterations());
    }

    @Test
    void oddCountMedianIsTheMiddleValue() {
        assertEquals(2, Latency.of(new double[] {3, 1, 2}, 1).medianMs(), 1e-12);
    }

    @Test
    void measureRunsWarmupPlusIterations() {
        int[] calls = {0};
        Latency l = Latency.measure(() -> calls[0]++, 3, 7);
        assertEquals(10, calls[0]);
        assertEquals(7, l.iterations());
    }

    @Test
    void threadListsParseAndBadCountsAreOneLineErrors() {
        assertEquals(List.of(1, 2, 4), BenchCommand.threadCounts("1,2,4"));
        assertEquals("--threads: 0 is not between 1 and 256",
                assertThrows(GlintException.class, () -> BenchCommand.threadCounts("0")).getMessage());
        assertEquals("--threads: 'two' is not a whole number",
                assertThrows(GlintException.class, () -> BenchCommand.threadCounts("1,two")).getMessage());
    }
}
