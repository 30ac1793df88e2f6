package dev.glint.codegen;

import dev.glint.codegen.llvm.Llvm;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.codegen.llvm.TargetMachines;
import dev.glint.ir.Graph;
import java.nio.charset.StandardCharsets;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * Compiles a graph ahead of time for any LLVM target (no need to run there): an object file with the
 * entry {@code int NAME(uint8_t *constantWeight, uint8_t *mutableWeight, uint8_t *activations)}, or its
 * assembly. The memory plan that the code assumes comes with it in {@link Result#lowered()}.
 */
public final class ObjectEmitter {
    private final TargetSpec target;
    private final CodegenOptions options;

    public ObjectEmitter(TargetSpec target, CodegenOptions options) {
        this.target = target;
        this.options = options;
    }

    /** Machine code (object file bytes or assembly text) and the lowered graph it came from. */
    public record Result(LoweredGraph lowered, byte[] code) {
        /** The code as text (for assembly). */
        public String text() {
            return new String(code, StandardCharsets.UTF_8);
        }
    }

    /** An object file (ELF, Mach-O or COFF, as the triple says). */
    public Result emitObject(Graph graph, String entryName) {
        return emit(graph, entryName, false);
    }

    /** Assembly text. */
    public Result emitAssembly(Graph graph, String entryName) {
        return emit(graph, entryName, true);
    }

    private Result emit(Graph graph, String entryName, boolean assembly) {
        LoweringPipeline pipeline = new LoweringPipeline(target, options);
        LoweredGraph lowered = pipeline.lower(graph, entryName);
        synchronized (Llvm.LOCK) {
            Llvm.initialize();
            LLVMContextRef context = LLVM.LLVMContextCreate();
            LLVMTargetMachineRef tm = null;
            try (LlvmModule module = pipeline.compile(lowered, context)) {
                tm = TargetMachines.create(target);
                return new Result(lowered, module.emit(tm, assembly));
            } finally {
                if (tm != null) {
                    LLVM.LLVMDisposeTargetMachine(tm);
                }
                LLVM.LLVMContextDispose(context);
            }
        }
    }
}
