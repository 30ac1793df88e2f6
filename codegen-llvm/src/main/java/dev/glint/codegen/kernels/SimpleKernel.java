package dev.glint.codegen.kernels;

import java.util.function.Consumer;

/** A kernel that needs nothing besides its inputs and output, written by one function. */
final class SimpleKernel implements Kernel {
    private final String description;
    private final Consumer<KernelContext> body;

    SimpleKernel(String description, Consumer<KernelContext> body) {
        this.description = description;
        this.body = body;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void emit(KernelContext ctx) {
        body.accept(ctx);
    }
}
