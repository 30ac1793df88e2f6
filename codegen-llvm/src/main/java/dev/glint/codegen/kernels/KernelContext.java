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

    /** The threads the kernel may split its loops over (one: run serially, no thread code at all). */
    default Threads threads() {
        return Threads.ONE;
    }

    /**
     * Pointer to the inference's thread team (see {@code ThreadTeam}); only with more than one of
     * {@link #threads()}.
     */
    default String team() {
        throw new IllegalStateException("a kernel compiled for one thread has no thread team");
    }

    /** Pointer to the compile-time data named {@code name}. */
    String blob(String name);
}
