package dev.glint.codegen;

import dev.glint.codegen.kernels.FusedActivationKernel;
import dev.glint.codegen.kernels.Kernel;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ClipNode;
import dev.glint.ir.ops.ReluNode;
import dev.glint.ir.passes.Uses;
import java.util.Map;

/**
 * The {@code fuse activations} lowering step: a float Relu or Clip whose input is computed by a kernel
 * that can clamp in its epilogue ({@link Kernel#withActivation}), and read by nothing else, is done by that
 * kernel; the activation's own kernel becomes a {@link FusedActivationKernel} that shares the producer's
 * output buffer. Saves a pass over the activation and its buffer. Graph outputs take no part (their
 * values are copied out after the last step, so they keep buffers of their own). (Int8 graphs fold activations into the output range when they
 * are quantized; see the quantizer's FoldActivationIntoProducer.)
 */
final class ActivationFusion {
    private ActivationFusion() {}

    /** Rewrites {@code kernels} in place; returns how many activations were fused. */
    static int apply(Graph graph, Map<Node, Kernel> kernels) {
        int fused = 0;
        for (Node n : kernels.keySet().toArray(Node[]::new)) {
            float[] range = clampOf(n);
            if (range == null) {
                continue;
            }
            Node producer = n.input(0);
            Kernel k = kernels.get(producer);
            // an output's value must outlive every step (it is copied out at the end): never a shared buffer;
            // a single use (outputs count as uses) means the activation is the producer's only reader
            if (k == null || k.sharesOutputWith() != null || graph.isOutput(n) || !Uses.hasSingleUse(graph, producer)) {
                continue;
            }
            Kernel clamped = k.withActivation(range[0], range[1]);
            if (clamped != null) {
                kernels.put(producer, clamped);
                kernels.put(n, new FusedActivationKernel(producer));
                fused++;
            }
        }
        return fused;
    }

    /** The clamp of a float Relu or Clip, else null. */
    private static float[] clampOf(Node n) {
        if (n.type().kind() != ElemKind.FLOAT32 || n.type().isQuantized() || n.input(0).type().kind() != ElemKind.FLOAT32) {
            return null;
        }
        if (n instanceof ReluNode) {
            return new float[] {0f, Float.POSITIVE_INFINITY};
        }
        if (n instanceof ClipNode c) {
            return new float[] {c.min(), c.max()};
        }
        return null;
    }
}
