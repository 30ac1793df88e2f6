package dev.glint.codegen.kernels;

import dev.glint.ir.Node;

/**
 * The kernel of a Relu or Clip whose clamp the producer's kernel applies in its epilogue: it computes
 * nothing, and its value is the producer's output buffer ({@link #sharesOutputWith}).
 */
public final class FusedActivationKernel implements Kernel {
    private final Node producer;

    public FusedActivationKernel(Node producer) {
        this.producer = producer;
    }

    @Override
    public String description() {
        return "fused into " + producer.op() + " node '" + producer.name() + "'";
    }

    @Override
    public boolean readsInput(int index) {
        return false;
    }

    @Override
    public Node sharesOutputWith() {
        return producer;
    }

    @Override
    public void emit(KernelContext ctx) {
        ctx.f().retVoid();
    }
}
