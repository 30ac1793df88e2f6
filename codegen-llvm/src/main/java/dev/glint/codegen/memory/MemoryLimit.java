package dev.glint.codegen.memory;

import dev.glint.ir.GlintException;
import java.util.Locale;

/**
 * A limit on the native memory a compiled network may plan: constant weights + mutable weights +
 * activations (one call's worth; every further concurrent call adds its own mutable weights and
 * activations). Checked right after memory planning, before anything is allocated or handed to LLVM, so
 * that a model too large for the machine is refused with one clear line instead of exhausting memory.
 */
public final class MemoryLimit {
    /**
     * The default limit, 4 GiB: above every model Glint targets (MobileNetV2 plans about 10 MiB,
     * ResNet-50 about 150 MiB), below what would push a typical machine into swapping.
     */
    public static final long DEFAULT_BYTES = 4L << 30;

    private static final long MIB = 1L << 20;

    private MemoryLimit() {}

    /** Constant + mutable + activation bytes of a plan. */
    public static long plannedBytes(MemoryPlan plan) {
        return plan.constantBytes() + plan.mutableBytes() + plan.activationBytes();
    }

    /**
     * Refuses a plan that needs more than {@code limitBytes}: a {@link GlintException} saying how much the
     * model needs and what the limit is.
     */
    public static void check(MemoryPlan plan, long limitBytes, String model) {
        long needed = plannedBytes(plan);
        if (needed > limitBytes) {
            throw new GlintException(String.format(Locale.ROOT,
                    "model '%s' needs %s of native memory (constant weights %s, mutable weights %s, activations %s), "
                            + "limit is %s (--memory-limit)", model, format(needed), format(plan.constantBytes()),
                    format(plan.mutableBytes()), format(plan.activationBytes()), format(limitBytes)));
        }
    }

    /** A size for people: {@code 13.5 MiB}, {@code 4.0 GiB}, below one MiB {@code 0.8 KiB}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    /**
     * Parses a size: a number of bytes, or a number followed by {@code K}, {@code M}, {@code G} or {@code T}
     * (binary multiples; {@code KiB}, {@code MB} and the like mean the same, case does not matter). A
     * malformed or non-positive size is a {@link GlintException}.
     */
    public static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = -1;
            }
            if (shift >= 0) {
                s = s.substring(0, s.length() - 1);
            } else {
                shift = 0;
            }
        }
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new GlintException("memory size '" + text + "' is not a size such as 512M or 2G");
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new GlintException("memory size '" + text + "' is out of range");
        }
        return n << shift;
    }
}
