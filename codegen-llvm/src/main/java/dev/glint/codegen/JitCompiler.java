package dev.glint.codegen;

import dev.glint.codegen.llvm.Llvm;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.codegen.llvm.TargetMachines;
import dev.glint.ir.Graph;
import java.util.Objects;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.llvm.LLVM.LLVMOrcJITTargetMachineBuilderRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITBuilderRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITRef;
import org.bytedeco.llvm.LLVM.LLVMOrcThreadSafeContextRef;
import org.bytedeco.llvm.LLVM.LLVMOrcThreadSafeModuleRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * Compiles graphs into this process with LLVM's ORC LLJIT. The JIT's target machine is built from the
 * same {@link TargetSpec} as the optimizer's, so a CPU or feature set forced below the host's really
 * applies to the machine code (tests use this to run the portable and AVX2 kernels on a VNNI machine).
 */
public final class JitCompiler {
    private final TargetSpec target;
    private final CodegenOptions options;

    /** A compiler for the host CPU. */
    public JitCompiler() {
        this(TargetSpec.host(), CodegenOptions.defaults());
    }

    /**
     * A compiler for {@code target}, which must be runnable on the host: another architecture, or a CPU
     * feature the host lacks, is a {@link dev.glint.ir.GlintException} here rather than a crash later.
     */
    public JitCompiler(TargetSpec target, CodegenOptions options) {
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
        HostCompatibility.check(target, "the JIT's target");
    }

    public TargetSpec target() {
        return target;
    }

    /**
     * Compiles {@code graph}; the entry point is named after the graph. A graph whose memory plan exceeds
     * the options' memory limit is refused (a {@link dev.glint.ir.GlintException}) before LLVM sees it.
     * Everything LLVM allocates while compiling is either freed before this returns or owned by the JIT
     * (module, context, target machine, code), which belongs to the returned network: its
     * {@link CompiledNetwork#close()} disposes of it, and so does compile itself when it fails.
     */
    public CompiledNetwork compile(Graph graph) {
        Objects.requireNonNull(graph, "graph");
        long start = System.nanoTime();
        LoweringPipeline pipeline = new LoweringPipeline(target, options);
        String name = graph.name() == null || graph.name().isEmpty() ? "network" : graph.name();
        LoweredGraph lowered = pipeline.lower(graph, "glint_" + name);
        synchronized (Llvm.LOCK) {
            Llvm.initialize();
            LLVMOrcLLJITRef jit = createJit();
            try {
                addModule(jit, pipeline, lowered);
                long entry;
                try (LongPointer address = new LongPointer(1)) {
                    Llvm.check(LLVM.LLVMOrcLLJITLookup(jit, address, lowered.entryName()),
                            "JIT lookup of '" + lowered.entryName() + "'");
                    entry = address.get();
                }
                double millis = (System.nanoTime() - start) / 1e6;
                return new CompiledNetwork(lowered, entry, () -> dispose(jit), millis);
            } catch (RuntimeException | Error e) {
                dispose(jit);
                throw e;
            }
        }
    }

    /**
     * Frees a JIT with its code, module and context. Under {@link Llvm#LOCK} like every other use of LLVM:
     * the network's close (or its cleaner) may run on any thread while another thread compiles.
     */
    private static void dispose(LLVMOrcLLJITRef jit) {
        synchronized (Llvm.LOCK) {
            Llvm.check(LLVM.LLVMOrcDisposeLLJIT(jit), "disposing the JIT");
        }
    }

    private LLVMOrcLLJITRef createJit() {
        // the builder takes the JTMB, which takes (and destroys) the target machine
        LLVMOrcJITTargetMachineBuilderRef jtmb =
                LLVM.LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(TargetMachines.create(target));
        LLVMOrcLLJITBuilderRef builder = LLVM.LLVMOrcCreateLLJITBuilder();
        LLVM.LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
        LLVMOrcLLJITRef jit = new LLVMOrcLLJITRef();
        Llvm.check(LLVM.LLVMOrcCreateLLJIT(jit, builder), "creating the JIT for " + target);
        return jit;
    }

    private static void addModule(LLVMOrcLLJITRef jit, LoweringPipeline pipeline, LoweredGraph lowered) {
        LLVMOrcThreadSafeContextRef tsc = LLVM.LLVMOrcCreateNewThreadSafeContext();
        LLVMOrcThreadSafeModuleRef tsm;
        try (LlvmModule module = pipeline.compile(lowered, LLVM.LLVMOrcThreadSafeContextGetContext(tsc))) {
            tsm = LLVM.LLVMOrcCreateNewThreadSafeModule(module.release(), tsc);
        } finally {
            LLVM.LLVMOrcDisposeThreadSafeContext(tsc); // the module keeps the context alive
        }
        // the JIT owns the module from here on, whether or not adding it succeeds
        Llvm.check(LLVM.LLVMOrcLLJITAddLLVMIRModule(jit, LLVM.LLVMOrcLLJITGetMainJITDylib(jit), tsm),
                "adding the module to the JIT");
    }
}
