package dev.glint.codegen.llvm;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMPassBuilderOptionsRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * An LLVM module parsed from IR text, owned until {@link #close()} or until ownership is handed to the
 * JIT with {@link #release()}. Every operation that can fail reports LLVM's message as an
 * {@link LlvmException}; none of them can crash the JVM on a malformed module.
 */
public final class LlvmModule implements AutoCloseable {
    private LLVMModuleRef module;

    private LlvmModule(LLVMModuleRef module) {
        this.module = module;
    }

    /** Parses textual LLVM IR in {@code context} (which must outlive the module). */
    public static LlvmModule parse(LLVMContextRef context, String irText, String name) {
        byte[] bytes = irText.getBytes(StandardCharsets.UTF_8);
        BytePointer data = new BytePointer(bytes.length);
        data.put(bytes, 0, bytes.length);
        // the parser takes ownership of the buffer, also on failure
        LLVMMemoryBufferRef buffer = LLVM.LLVMCreateMemoryBufferWithMemoryRangeCopy(data, bytes.length, new BytePointer(name));
        data.close();
        LLVMModuleRef out = new LLVMModuleRef();
        BytePointer error = new BytePointer((Pointer) null);
        if (LLVM.LLVMParseIRInContext(context, buffer, out, error) != 0) {
            throw new LlvmException("generated LLVM IR of '" + name + "' does not parse: " + Llvm.takeMessage(error));
        }
        Llvm.takeMessage(error);
        return new LlvmModule(out);
    }

    private LLVMModuleRef ref() {
        if (module == null) {
            throw new IllegalStateException("LLVM module has been released or closed");
        }
        return module;
    }

    /** Runs LLVM's verifier; a broken module is an {@link LlvmException} with the verifier's report. */
    public void verify() {
        BytePointer error = new BytePointer((Pointer) null);
        int broken = LLVM.LLVMVerifyModule(ref(), LLVM.LLVMReturnStatusAction, error);
        String message = Llvm.takeMessage(error);
        if (broken != 0) {
            throw new LlvmException("generated LLVM module does not verify: " + message);
        }
    }

    /** Runs a new-pass-manager pipeline such as {@code default<O3>} tuned for {@code tm}. */
    public void runPasses(String pipeline, LLVMTargetMachineRef tm) {
        LLVMPassBuilderOptionsRef options = LLVM.LLVMCreatePassBuilderOptions();
        try {
            LLVM.LLVMPassBuilderOptionsSetLoopVectorization(options, 1);
            LLVM.LLVMPassBuilderOptionsSetSLPVectorization(options, 1);
            LLVM.LLVMPassBuilderOptionsSetLoopUnrolling(options, 1);
            LLVM.LLVMPassBuilderOptionsSetLoopInterleaving(options, 1);
            Llvm.check(LLVM.LLVMRunPasses(ref(), pipeline, tm, options), "LLVM pipeline '" + pipeline + "'");
        } finally {
            LLVM.LLVMDisposePassBuilderOptions(options);
        }
    }

    /** Sets the module's triple and data layout to those of the target machine. */
    public void setTarget(LLVMTargetMachineRef tm) {
        LLVM.LLVMSetTarget(ref(), Llvm.takeMessage(LLVM.LLVMGetTargetMachineTriple(tm)));
        LLVM.LLVMSetDataLayout(ref(), TargetMachines.dataLayout(tm));
    }

    /** The module as LLVM IR text. */
    public String print() {
        return Llvm.takeMessage(LLVM.LLVMPrintModuleToString(ref()));
    }

    /** Machine code for {@code tm}: an object file, or assembly text as bytes. */
    public byte[] emit(LLVMTargetMachineRef tm, boolean assembly) {
        BytePointer error = new BytePointer((Pointer) null);
        LLVMMemoryBufferRef out = new LLVMMemoryBufferRef();
        int failed = LLVM.LLVMTargetMachineEmitToMemoryBuffer(tm, ref(),
                assembly ? LLVM.LLVMAssemblyFile : LLVM.LLVMObjectFile, error, out);
        if (failed != 0) {
            throw new LlvmException("LLVM cannot emit code: " + Llvm.takeMessage(error));
        }
        Llvm.takeMessage(error);
        try {
            BytePointer start = LLVM.LLVMGetBufferStart(out);
            byte[] bytes = new byte[(int) LLVM.LLVMGetBufferSize(out)];
            start.get(bytes);
            return bytes;
        } finally {
            LLVM.LLVMDisposeMemoryBuffer(out);
        }
    }

    /** Gives up ownership (the JIT takes the module); this object becomes unusable. */
    public LLVMModuleRef release() {
        LLVMModuleRef m = ref();
        module = null;
        return m;
    }

    @Override
    public void close() {
        if (module != null) {
            LLVM.LLVMDisposeModule(module);
            module = null;
        }
    }
}
