package dev.glint.codegen.kernels;

import dev.glint.ir.Node;
import java.util.Map;
import java.util.Set;

/**
 * The code for one graph node, chosen for one target: what it needs besides its inputs and output
 * (scratch, compile-time data), and how to write its function body. Kernels know nothing of the memory
 * plan or of the other nodes; the lowering pipeline binds them to their buffers.
 */
public interface Kernel {
    /** A short description for dumps and reports, e.g. {@code "int8 conv, vpdpbusd zmm"}. */
    String description();

    /** Bytes of scratch the kernel uses while it runs. */
    default long scratchBytes() {
        return 0;
    }

    /** Data computed at compile time (packed weights, lookup tables), by name, for the constant region. */
    default Map<String, byte[]> constantBlobs() {
        return Map.of();
    }

    /** Whether the kernel reads input {@code index} from memory (false when it uses a packed copy). */
    default boolean readsInput(int index) {
        return true;
    }

    /** Writes the body of the node's function; it must end with {@code ret void}. */
    void emit(KernelContext ctx);

    /**
     * This kernel with its results also clamped to {@code [lo, hi]} (a following Relu or Clip done in its
     * epilogue), or null when it cannot do that.
     */
    default Kernel withActivation(float lo, float hi) {
        return null;
    }

    /**
     * The node whose output buffer holds this node's value as well (a kernel fused into that node's
     * kernel computes nothing itself), or null for a kernel that writes its own output.
     */
    default Node sharesOutputWith() {
        return null;
    }

    /**
     * Whether the kernel can read input {@code index} (a 4-D tensor) channels-last when given such
     * {@link Layouts} ({@link #withLayouts}).
     */
    default boolean canReadChannelsLast(int index) {
        return false;
    }

    /** Whether the kernel can write its output (a 4-D tensor) channels-last. */
    default boolean canWriteChannelsLast() {
        return false;
    }

    /**
     * Inputs read in whatever layout the output is written: the kernel works in either layout as long as
     * these inputs share it (elementwise operations over equal shapes, a depthwise convolution's data).
     */
    default Set<Integer> layoutTiedInputs() {
        return Set.of();
    }

    /**
     * This kernel reading and writing its operands as {@code layouts} says; only what
     * {@link #canReadChannelsLast}, {@link #canWriteChannelsLast} and {@link #layoutTiedInputs} allow may
     * be asked. A kernel whose code is the same in every layout returns itself.
     */
    default Kernel withLayouts(Layouts layouts) {
        if (!layouts.allChannelsFirst()) {
            throw new IllegalArgumentException(description() + ": cannot use " + layouts);
        }
        return this;
    }
}
