package dev.glint.cli;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.memory.MemoryLimit;
import dev.glint.ir.GlintException;

/**
 * {@code --memory-limit SIZE}, shared by the commands that compile native code (run, eval, bench,
 * compile): the most native memory a compiled model may plan (constant weights, inputs and outputs,
 * activations). A model that needs more is refused before anything is allocated.
 */
final class MemoryLimitOption {
    static final String NAME = "--memory-limit";

    private MemoryLimitOption() {}

    /** Adds the option to a command's parser. */
    static ArgParser addTo(ArgParser p) {
        return p.option(NAME, "SIZE", "refuse models that plan more native memory than this, e.g. 512M or 2G (default "
                + MemoryLimit.format(MemoryLimit.DEFAULT_BYTES) + ")");
    }

    /** Code generation options carrying the limit given (or the default); a malformed SIZE is a GlintException. */
    static CodegenOptions codegenOptions(ParsedArgs args) {
        String size = args.value(NAME, null);
        CodegenOptions options = CodegenOptions.defaults();
        if (size == null) {
            return options;
        }
        try {
            return options.withMemoryLimit(MemoryLimit.parse(size));
        } catch (GlintException e) {
            throw new GlintException(NAME + ": " + e.getMessage());
        }
    }
}
