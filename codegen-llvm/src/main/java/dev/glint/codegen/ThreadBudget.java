package dev.glint.codegen;

import dev.glint.codegen.kernels.Threads;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.ops.GemmNode;
import dev.glint.ir.ops.MatMulNode;

/**
 * How many threads a network's kernels may split their work over. A call that splits any loop starts
 * its thread team once (tens of microseconds of thread creation and joining), so a network with too
 * little work in all runs on one thread: mnist-8 (under a million multiply-adds) takes about 20 µs in
 * all. Past that gate each kernel still decides, per layer, whether its share is worth a thread.
 */
final class ThreadBudget {
    /** Multiply-adds a network needs, in its convolutions and matrix products, to be worth a thread team. */
    static final long MIN_NETWORK_MACS = 1L << 22;

    private ThreadBudget() {}

    /** The threads {@code graph}'s kernels may use of those {@code options} request. */
    static Threads threads(Graph graph, CodegenOptions options) {
        int requested = options.threads();
        if (requested <= 1 || options.splitEveryLoop()) {
            return new Threads(requested, options.splitEveryLoop());
        }
        long macs = 0;
        for (Node n : graph.nodes()) {
            macs += multiplyAdds(n);
        }
        return macs >= MIN_NETWORK_MACS ? new Threads(requested, false) : Threads.ONE;
    }

    /** Multiply-adds of a convolution or matrix product (output elements times reduction depth), else 0. */
    static long multiplyAdds(Node n) {
        if (!(n instanceof ConvNode || n instanceof FullyConnectedNode || n instanceof GemmNode || n instanceof MatMulNode)) {
            return 0;
        }
        long outputs = n.type().numElements();
        if (n instanceof ConvNode) {
            // weights [out channels, in channels per group, kernel...]: the reduction of one output
            return outputs * (n.input(1).type().numElements() / Math.max(1, n.input(1).type().dim(0)));
        }
        // weights hold depth x (output columns); the output's last axis is the columns
        int columns = n.type().dim(n.type().rank() - 1);
        return outputs * (n.input(1).type().numElements() / Math.max(1, columns));
    }
}
