package dev.glint.codegen.kernels;

/**
 * Which int8 dot-product kernels to use for convolution and fully connected layers.
 * {@link #TARGET} (the default) picks the best the target has and the portable loops elsewhere. The
 * others exist for testing: {@link #PORTABLE} forces the portable loops, and the two emulations run the
 * VNNI or SDOT kernel — same weight packing, tiling and bias correction — with the instruction replaced
 * by its definition in plain LLVM IR, so that the kernels' data layout is checked on machines without
 * that instruction.
 */
public enum DotProductPolicy {
    TARGET,
    PORTABLE,
    EMULATE_VNNI,
    EMULATE_SDOT
}
