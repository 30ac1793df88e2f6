package dev.glint.codegen;

import dev.glint.codegen.kernels.DotProductPolicy;
import java.util.Objects;

/**
 * Choices that do not depend on the target: who watches the lowering steps (the {@code --dump-ir} hook)
 * and which int8 dot-product kernels to use (testing can force the portable or emulated kernels).
 */
public record CodegenOptions(LoweringListener listener, DotProductPolicy dotProduct) {
    public CodegenOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(dotProduct, "dotProduct");
    }

    /** No dump, the target's best kernels. */
    public static CodegenOptions defaults() {
        return new CodegenOptions(LoweringListener.NONE, DotProductPolicy.TARGET);
    }

    public CodegenOptions withListener(LoweringListener l) {
        return new CodegenOptions(l, dotProduct);
    }

    public CodegenOptions withDotProduct(DotProductPolicy policy) {
        return new CodegenOptions(listener, policy);
    }
}
