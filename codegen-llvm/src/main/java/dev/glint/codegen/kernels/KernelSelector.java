package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.ir.GlintException;
import dev.glint.ir.Node;
import java.util.List;

/** Asks each operation family in turn for a node's kernel. */
public final class KernelSelector {
    private final List<KernelEmitter> families = List.of(new ElementwiseEmitter(), new ConvEmitter(),
            new GemmEmitter(), new PoolEmitter(), new SoftmaxEmitter(), new NormalizationEmitter(),
            new DataMovementEmitter(), new QuantizeEmitter());

    private final KernelTarget target;

    public KernelSelector(TargetSpec target, DotProductPolicy policy) {
        this(target, policy, Threads.ONE);
    }

    /** Kernels for a network that may split its loops over {@code threads}. */
    public KernelSelector(TargetSpec target, DotProductPolicy policy, Threads threads) {
        this.target = KernelTarget.of(target, policy, threads);
    }

    /** The kernel for {@code node}; an op no family covers is a {@link GlintException} naming the node. */
    public Kernel select(Node node) {
        for (KernelEmitter family : families) {
            Kernel k = family.select(node, target);
            if (k != null) {
                return k;
            }
        }
        throw unsupported(node, "");
    }

    /** The error for a node whose op (or this form of it) has no generated code yet. */
    public static GlintException unsupported(Node node, String detail) {
        return GlintException.of("%s node '%s'%s is not supported by codegen yet", node.op(), node.name(),
                detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
