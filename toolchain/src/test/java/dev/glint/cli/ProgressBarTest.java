package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void redrawsInPlaceAtMostTenTimesASecondAndEndsWithOneNewline() {
        long[] now = {0};
        ProgressBar bar = new ProgressBar(out, "eval", 1000, true, () -> now[0]);
        for (int i = 1; i <= 1000; i++) {
            now[0] += 1_000_000; // 1 ms per step: 1 s in all
            bar.update(i);
        }
        bar.finish();
        String s = text();
        long redraws = s.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 10 && redraws <= 12, "redraws: " + redraws);
        assertEquals(1, s.chars().filter(c -> c == '\n').count());
        assertTrue(s.endsWith("100% 1000/1000\n"), s);
    }

    @Test
    void disabledBarPrintsNothing() {
        ProgressBar bar = new ProgressBar(out, "eval", 10, false);
        for (int i = 1; i <= 10; i++) {
            bar.update(i);
        }
        bar.finish();
        assertEquals("", text());
    }
}
