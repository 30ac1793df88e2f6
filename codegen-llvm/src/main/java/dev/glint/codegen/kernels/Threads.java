package dev.glint.codegen.kernels;

/**
 * The threads a network's kernels may split their loops over, and when a split is worth it. Normally a
 * loop is split only so far that each thread gets enough work to repay handing it out; with
 * {@code splitEveryLoop} (testing) every loop of more than one iteration is split over all threads, so
 * that small shapes exercise the threaded code paths too. Results never depend on either.
 */
public record Threads(int count, boolean splitEveryLoop) {
    /** One thread: no thread code at all. */
    public static final Threads ONE = new Threads(1, false);

    public Threads {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be positive, got " + count);
        }
    }

    /** The threads worth using for {@code work} units when each thread should get at least {@code minPerThread}. */
    public int forWork(long work, long minPerThread) {
        if (splitEveryLoop) {
            return count;
        }
        return (int) Math.max(1, Math.min(count, work / minPerThread));
    }
}
