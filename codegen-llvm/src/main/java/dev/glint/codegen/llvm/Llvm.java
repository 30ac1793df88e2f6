package dev.glint.codegen.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.LLVM.LLVMErrorRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * Process-wide LLVM set-up and the conversions every caller of the C API needs: owned C strings to Java
 * strings, {@code LLVMErrorRef} to exceptions. All targets are initialised once, so that code for any
 * triple (x86-64, AArch64, ARM) can be emitted from any host.
 */
public final class Llvm {
    /**
     * Held while using LLVM's C API to compile: contexts are independent, but LLVM's global state (pass
     * and target registries, command-line options) is not documented as thread-safe.
     */
    public static final Object LOCK = new Object();

    private static boolean initialized;

    private Llvm() {}

    /** Initialises every target, its machine-code layer, assembly printer and parser (idempotent). */
    public static synchronized void initialize() {
        if (initialized) {
            return;
        }
        LLVM.LLVMInitializeAllTargetInfos();
        LLVM.LLVMInitializeAllTargets();
        LLVM.LLVMInitializeAllTargetMCs();
        LLVM.LLVMInitializeAllAsmPrinters();
        LLVM.LLVMInitializeAllAsmParsers();
        initialized = true;
    }

    /** Copies a message that LLVM allocated for the caller and frees it; null gives "". */
    public static String takeMessage(BytePointer message) {
        if (message == null || message.isNull()) {
            return "";
        }
        try {
            return message.getString();
        } finally {
            LLVM.LLVMDisposeMessage(message);
        }
    }

    /** Throws {@link LlvmException} with LLVM's message when {@code error} is a failure; consumes it. */
    public static void check(LLVMErrorRef error, String what) {
        if (error == null || error.isNull()) {
            return;
        }
        BytePointer m = LLVM.LLVMGetErrorMessage(error); // consumes the error
        String text;
        try {
            text = m.getString();
        } finally {
            LLVM.LLVMDisposeErrorMessage(m);
        }
        throw new LlvmException(what + ": " + text);
    }
}
