package dev.glint.bundle;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.LoweredGraph;
import dev.glint.codegen.LoweringPipeline;
import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.llvm.Llvm;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.codegen.llvm.TargetMachines;
import dev.glint.ir.Graph;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * Compiles a graph into a {@link Bundle} for a target. With embedded weights the generated network
 * function is renamed {@code NAME_network} and a small entry {@code NAME} is added that substitutes the
 * compiled-in image when its constantWeight argument is null (see {@link EmbeddedWeights}).
 */
public final class BundleCompiler {
    private final TargetSpec target;
    private final CodegenOptions options;

    public BundleCompiler(TargetSpec target, CodegenOptions options) {
        this.target = target;
        this.options = options;
    }

    /** Lowers, optimizes and emits {@code graph} as an object file whose entry is {@code name}. */
    public Bundle compile(Graph graph, String name, boolean embedWeights) {
        String entry = Ir.sanitize(name);
        LoweringPipeline pipeline = new LoweringPipeline(target, options);
        LoweredGraph lowered = pipeline.lower(graph, embedWeights ? EmbeddedWeights.networkName(entry) : entry);
        LoweredGraph toCompile = embedWeights
                ? new LoweredGraph(lowered.graph(), lowered.target(), lowered.entryName(), lowered.kernels(),
                        lowered.plan(), lowered.irText() + EmbeddedWeights.entryIr(entry, lowered.plan().constantImage()))
                : lowered;
        byte[] object;
        synchronized (Llvm.LOCK) {
            Llvm.initialize();
            LLVMContextRef context = LLVM.LLVMContextCreate();
            LLVMTargetMachineRef tm = null;
            try (LlvmModule module = pipeline.compile(toCompile, context)) {
                tm = TargetMachines.create(target);
                object = module.emit(tm, false);
            } finally {
                if (tm != null) {
                    LLVM.LLVMDisposeTargetMachine(tm);
                }
                LLVM.LLVMContextDispose(context);
            }
        }
        return new Bundle(entry, target, lowered, object, embedWeights);
    }
}
