package dev.glint.codegen;

import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.GlintException;
import java.util.Objects;

/**
 * Choices that do not depend on the target: who watches the lowering steps (the {@code --dump-ir} hook),
 * which int8 dot-product kernels to use (testing can force the portable or emulated kernels) and how many
 * threads a compiled network may run its operators on (results are identical for every thread count).
 */
public record CodegenOptions(LoweringListener listener, DotProductPolicy dotProduct, int threads) {
    /** More threads than this is a user mistake, not a request. */
    public static final int MAX_THREADS = 256;

    public CodegenOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(dotProduct, "dotProduct");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new GlintException("thread count must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
    }

    /** No dump, the target's best kernels, one thread. */
    public static CodegenOptions defaults() {
        return new CodegenOptions(LoweringListener.NONE, DotProductPolicy.TARGET, 1);
    }

    public CodegenOptions withListener(LoweringListener l) {
        return new CodegenOptions(l, dotProduct, threads);
    }

    public CodegenOptions withDotProduct(DotProductPolicy policy) {
        return new CodegenOptions(listener, policy, threads);
    }

    /** The same options with {@code n} threads (1 to {@link #MAX_THREADS}). */
    public CodegenOptions withThreads(int n) {
        return new CodegenOptions(listener, dotProduct, n);
    }
}
