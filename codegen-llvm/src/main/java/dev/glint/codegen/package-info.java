/**
 * Native code for Glint graphs through LLVM: memory planning, lowering to LLVM IR, optimization for a
 * target, in-process JIT and object emission.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@link dev.glint.codegen.JitCompiler} / {@link dev.glint.codegen.CompiledNetwork}: compile a graph
 *       into this process (ORC LLJIT) and run it from many threads;
 *       {@link dev.glint.codegen.ObjectEmitter}: object files or assembly for any LLVM target.</li>
 *   <li>{@link dev.glint.codegen.LoweringPipeline}: the steps from graph to optimized module, each visible
 *       to a {@link dev.glint.codegen.LoweringListener} (the {@code --dump-ir} hook).</li>
 *   <li>{@link dev.glint.codegen.TargetSpec}: triple, CPU and features; which of them kernels may use.</li>
 *   <li>{@code memory}: the three regions (constant weights, mutable weights, activations) and the
 *       liveness-based planner.</li>
 *   <li>{@code kernels}: what each operation family computes, one emitter per family, the int8 numeric
 *       contract as IR ({@code Requantizer}) and the dot-product kernels per instruction set.</li>
 *   <li>{@code irgen}: writing LLVM IR as text with structured loops; {@code llvm}: the C API calls
 *       (parse, verify, passes, target machines), with LLVM's errors as Java exceptions.</li>
 * </ul>
 *
 * <h2>Entry point ABI</h2>
 * {@code int NAME(uint8_t *constantWeight, uint8_t *mutableWeight, uint8_t *activations)} returns 0. Every
 * buffer is 64-byte aligned; offsets of inputs and outputs in the mutable region come from the
 * {@link dev.glint.codegen.memory.MemoryPlan}.
 */
package dev.glint.codegen;
