package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;

/** The target as kernels see it: the LLVM target and the int8 dot-product instruction to use (or null). */
public record KernelTarget(TargetSpec spec, DotProductIsa dotProduct) {
    /** The dot product chosen by {@code policy} for {@code spec}. */
    public static KernelTarget of(TargetSpec spec, DotProductPolicy policy) {
        DotProductIsa isa = switch (policy) {
            case TARGET -> DotProductIsa.forTarget(spec);
            case PORTABLE -> null;
            case EMULATE_VNNI -> DotProductIsa.EMULATED_VNNI;
            case EMULATE_SDOT -> DotProductIsa.EMULATED_SDOT;
        };
        return new KernelTarget(spec, isa);
    }
}
