package dev.glint.codegen.memory;

import dev.glint.ir.Node;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every value of a compiled graph lives: constants in the constant region (with the image to load
 * there), graph inputs and outputs in the mutable region at the offsets a caller writes and reads,
 * everything else in the activation region, reused as values die. Also where each kernel's scratch and
 * compile-time data (packed weights, lookup tables) are, and which outputs need a final copy (an output
 * that is also an input, a constant, or a value already returned under another name).
 */
public final class MemoryPlan {
    /** A copy the entry performs after all kernels ran, into an output's slot. */
    public record OutputCopy(String output, Allocation from, Allocation to) {}

    private final Map<Node, Allocation> values;
    private final Map<Node, Allocation> scratch;
    private final Map<Node, Map<String, Allocation>> blobs;
    private final Map<String, Allocation> inputs;
    private final Map<String, Allocation> outputs;
    private final List<OutputCopy> copies;
    private final List<LiveBuffer> activationBuffers;
    private final byte[] constantImage;
    private final long mutableBytes;
    private final long activationBytes;

    MemoryPlan(Map<Node, Allocation> values, Map<Node, Allocation> scratch, Map<Node, Map<String, Allocation>> blobs,
            Map<String, Allocation> inputs, Map<String, Allocation> outputs, List<OutputCopy> copies,
            List<LiveBuffer> activationBuffers, byte[] constantImage, long mutableBytes, long activationBytes) {
        this.values = values;
        this.scratch = scratch;
        this.blobs = blobs;
        this.inputs = inputs;
        this.outputs = outputs;
        this.copies = copies;
        this.activationBuffers = activationBuffers;
        this.constantImage = constantImage;
        this.mutableBytes = mutableBytes;
        this.activationBytes = activationBytes;
    }

    /** Where the value of {@code node} lives (constants only if some kernel reads them). */
    public Allocation valueOf(Node node) {
        Allocation a = values.get(node);
        if (a == null) {
            throw new IllegalStateException("no memory was planned for value '" + node.name() + "'");
        }
        return a;
    }

    public boolean hasValue(Node node) {
        return values.containsKey(node);
    }

    /** The scratch of {@code node}'s kernel, or null when it has none. */
    public Allocation scratchOf(Node node) {
        return scratch.get(node);
    }

    /** The compile-time data named {@code name} of {@code node}'s kernel. */
    public Allocation blob(Node node, String name) {
        Allocation a = blobs.getOrDefault(node, Map.of()).get(name);
        if (a == null) {
            throw new IllegalStateException("no constant data '" + name + "' was planned for '" + node.name() + "'");
        }
        return a;
    }

    /** Graph inputs by name, in the graph's order. */
    public Map<String, Allocation> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    /** Graph outputs by name, in the graph's order. */
    public Map<String, Allocation> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    public List<OutputCopy> outputCopies() {
        return copies;
    }

    /** Every activation-region buffer (values and scratch) with its lifetime. */
    public List<LiveBuffer> activationBuffers() {
        return activationBuffers;
    }

    /** The bytes to load into the constant region (a copy). */
    public byte[] constantImage() {
        return constantImage.clone();
    }

    public long constantBytes() {
        return constantImage.length;
    }

    public long mutableBytes() {
        return mutableBytes;
    }

    /** The planned activation region, with reuse. */
    public long activationBytes() {
        return activationBytes;
    }

    /** What the activation region would take without reuse: every buffer of its own (aligned). */
    public long naiveActivationBytes() {
        long sum = 0;
        for (LiveBuffer b : activationBuffers) {
            sum += Alignment.up(b.allocation().bytes());
        }
        return sum;
    }

    /** A readable summary for the pipeline's debug dump. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("constant weights: ").append(constantBytes()).append(" bytes\n");
        sb.append("mutable weights: ").append(mutableBytes).append(" bytes\n");
        inputs.forEach((n, a) -> sb.append("  input  ").append(n).append(" at ").append(a).append('\n'));
        outputs.forEach((n, a) -> sb.append("  output ").append(n).append(" at ").append(a).append('\n'));
        sb.append("activations: ").append(activationBytes).append(" bytes planned, ").append(naiveActivationBytes())
                .append(" without reuse\n");
        for (LiveBuffer b : activationBuffers) {
            sb.append("  ").append(b.name()).append(" steps ").append(b.first()).append("..").append(b.last())
                    .append(" at ").append(b.allocation()).append('\n');
        }
        return sb.toString();
    }

    static <K, V> Map<K, V> identityMap() {
        return new IdentityHashMap<>();
    }

    static <V> Map<String, V> orderedMap() {
        return new LinkedHashMap<>();
    }
}
