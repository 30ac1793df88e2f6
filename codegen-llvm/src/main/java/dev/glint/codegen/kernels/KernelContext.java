package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.ir.Node;

/**
 * What a kernel writes with: the node, the target, the function being written, and the pointers (SSA
 * names of parameters) to its inputs, output, scratch and compile-time data. All pointers are 64-byte
 * aligned and never alias one another, except that two inputs may be the same value.
 */
public interface KernelContext {
    Node node();

    TargetSpec target();

    FunctionWriter f();

    default IrModule module() {
        return f().module();
    }

    /** Pointer to input {@code index} (only for inputs the kernel reads). */
    String input(int index);

    /** Pointer to the output. */
    String output();

    /** Pointer to the scratch buffer (only when the kernel asked for scratch). */
    String scratch();

    /** How many threads the kernel may split its work across (1: run serially, no thread code at all). */
    default int threads() {
        return 1;
    }

    /** Pointer to the compile-time data named {@code name}. */
    String blob(String name);
}
