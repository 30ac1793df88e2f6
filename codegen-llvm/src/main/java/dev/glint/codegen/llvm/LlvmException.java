package dev.glint.codegen.llvm;

/**
 * LLVM refused something Glint generated or asked for (a module that does not verify, a pass pipeline
 * that fails, a JIT symbol that is missing). Such a failure is a bug in Glint's code generator, not in
 * the user's model, so it is not a {@link dev.glint.ir.GlintException}; the message carries LLVM's own
 * diagnostic.
 */
public class LlvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlvmException(String message) {
        super(message);
    }
}
