package dev.glint.codegen.memory;

import dev.glint.ir.Node;
import java.util.Map;

/**
 * What the kernels chosen for a graph need from the memory planner beyond the graph's own values:
 * per-node scratch, per-node constant data prepared at compile time (packed weights, lookup tables),
 * and which constant inputs a kernel reads at all (a kernel that reads only its packed copy of the
 * weights leaves the original out of the constant region).
 */
public interface BufferRequirements {
    /** Bytes of scratch that {@code node}'s kernel needs while it runs (0 for none). */
    long scratchBytes(Node node);

    /** Constant data for {@code node}'s kernel, by name, in the order it should be placed. */
    Map<String, byte[]> constantBlobs(Node node);

    /** Whether {@code node}'s kernel reads input {@code index} from memory. */
    boolean readsInput(Node node, int index);

    /**
     * The earlier node whose output buffer also holds {@code node}'s value (its kernel was fused into
     * that node's), or null when {@code node} has a buffer of its own.
     */
    default Node sharesOutputWith(Node node) {
        return null;
    }

    /** No scratch, no blobs, every input read. */
    BufferRequirements NONE = new BufferRequirements() {
        @Override
        public long scratchBytes(Node node) {
            return 0;
        }

        @Override
        public Map<String, byte[]> constantBlobs(Node node) {
            return Map.of();
        }

        @Override
        public boolean readsInput(Node node, int index) {
            return true;
        }
    };
}
