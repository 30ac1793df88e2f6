package dev.glint.codegen;

import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.codegen.memory.MemoryLimit;
import dev.glint.ir.GlintException;
import java.util.Objects;

/**
 * Choices that do not depend on the target: who watches the lowering steps (the {@code --dump-ir} hook),
 * which int8 dot-product kernels to use (testing can force the portable or emulated kernels), how many
 * threads a compiled network may run its operators on (results are identical for every thread count;
 * {@code splitEveryLoop}, for testing, splits loops however little work they hold), how much native memory a compiled network may plan ({@link MemoryLimit}; a larger model is refused) and whether
 * activations between layers that can use it are stored channels-last ({@code channelsLast}, the default;
 * off, every activation is NCHW, for comparing the two).
 */
public record CodegenOptions(LoweringListener listener, DotProductPolicy dotProduct, int threads, boolean splitEveryLoop,
        long memoryLimit, boolean channelsLast) {
    /** More threads than this is a user mistake, not a request. */
    public static final int MAX_THREADS = 256;

    public CodegenOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(dotProduct, "dotProduct");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new GlintException("thread count must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
        if (memoryLimit <= 0) {
            throw new GlintException("memory limit must be positive, got " + memoryLimit + " bytes");
        }
    }

    /** No dump, the target's best kernels, one thread, the default memory limit. */
    public static CodegenOptions defaults() {
        return new CodegenOptions(LoweringListener.NONE, DotProductPolicy.TARGET, 1, false, MemoryLimit.DEFAULT_BYTES, true);
    }

    public CodegenOptions withListener(LoweringListener l) {
        return new CodegenOptions(l, dotProduct, threads, splitEveryLoop, memoryLimit, channelsLast);
    }

    public CodegenOptions withDotProduct(DotProductPolicy policy) {
        return new CodegenOptions(listener, policy, threads, splitEveryLoop, memoryLimit, channelsLast);
    }

    /** The same options with {@code n} threads (1 to {@link #MAX_THREADS}). */
    public CodegenOptions withThreads(int n) {
        return new CodegenOptions(listener, dotProduct, n, splitEveryLoop, memoryLimit, channelsLast);
    }

    /**
     * The same options splitting every loop of more than one iteration over all threads, however little
     * work it holds (testing: small shapes then run the threaded code; slower, same results).
     */
    public CodegenOptions splittingEveryLoop() {
        return new CodegenOptions(listener, dotProduct, threads, true, memoryLimit, channelsLast);
    }

    /** The same options with a limit of {@code bytes} on the planned native memory (see {@link MemoryLimit}). */
    public CodegenOptions withMemoryLimit(long bytes) {
        return new CodegenOptions(listener, dotProduct, threads, splitEveryLoop, bytes, channelsLast);
    }

    /**
     * The same options storing every activation channels-first (NCHW), as the graph says (testing and
     * benchmarking: the results are the same, the layout copies between layers come back).
     */
    public CodegenOptions channelsFirstOnly() {
        return new CodegenOptions(listener, dotProduct, threads, splitEveryLoop, memoryLimit, false);
    }
}
