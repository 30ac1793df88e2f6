package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;

/**
 * The target as kernels see it: the LLVM target, the int8 dot-product instruction to use (or null),
 * whether that instruction is forced (testing) rather than chosen where it pays, and the threads the
 * compiled network may use (kernels that need per-thread scratch size it by this).
 */
public record KernelTarget(TargetSpec spec, DotProductIsa dotProduct, boolean forced, Threads threads) {
    /**
     * Whether a layer with {@code channelsPerGroup} output channels per group should use the dot-product
     * kernel: its vectors hold one channel per lane, so with few channels per group (depthwise
     * convolutions) most lanes would idle, and the portable loops, which vectorize over output
     * positions, are faster. The instruction's 4-way reduction pays for a quarter of the lanes.
     */
    public boolean useDotProduct(int channelsPerGroup) {
        return dotProduct != null && (forced || 4 * channelsPerGroup >= dotProduct.lanes());
    }

    /** The dot product chosen by {@code policy} for {@code spec}, on one thread. */
    public static KernelTarget of(TargetSpec spec, DotProductPolicy policy) {
        return of(spec, policy, Threads.ONE);
    }

    /** The dot product chosen by {@code policy} for {@code spec}, with {@code threads}. */
    public static KernelTarget of(TargetSpec spec, DotProductPolicy policy, Threads threads) {
        DotProductIsa isa = switch (policy) {
            case TARGET -> DotProductIsa.forTarget(spec);
            case PORTABLE -> null;
            case EMULATE_VNNI -> DotProductIsa.EMULATED_VNNI;
            case EMULATE_SDOT -> DotProductIsa.EMULATED_SDOT;
        };
        boolean forced = policy == DotProductPolicy.EMULATE_VNNI || policy == DotProductPolicy.EMULATE_SDOT;
        return new KernelTarget(spec, isa, forced, threads);
    }
}
