package dev.glint.codegen.kernels;

import dev.glint.ir.Node;

/**
 * Chooses the kernel for the nodes of one operation family (what a node computes, Halide's
 * "algorithm"), separate from how the pipeline lowers and schedules the graph.
 */
public interface KernelEmitter {
    /** The kernel for {@code node} on {@code target}, or null when this family does not cover the node's op. */
    Kernel select(Node node, KernelTarget target);
}
