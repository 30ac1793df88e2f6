package dev.glint.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: redrawn in place with a carriage return, at most a few times a
 * second, and ended with a newline by {@link #finish()}. A disabled bar prints nothing, which is what
 * logs and pipes get.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private long lastDraw;
    private boolean drawn;

    /** A bar over {@code total} steps on {@code out}; prints nothing when {@code enabled} is false. */
    public ProgressBar(PrintStream out, String label, long total, boolean enabled) {
        this(out, label, total, enabled, System::nanoTime);
    }

    ProgressBar(PrintStream out, String label, long total, boolean enabled, LongSupplier nanoClock) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.enabled = enabled && total > 0;
        this.nanoClock = nanoClock;
    }

    /** Reports that {@code done} of the steps are complete; redraws when enough time has passed. */
    public void update(long done) {
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (drawn && done < total && now - lastDraw < MIN_INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int filled = (int) (WIDTH * done / total);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * done / total, done, total));
        out.flush();
    }

    /** Ends the line the bar was drawn on (if it was drawn at all). */
    public void finish() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }
}
