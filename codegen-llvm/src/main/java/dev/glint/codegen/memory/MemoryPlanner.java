package dev.glint.codegen.memory;

import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the three memory regions of a graph.
 * <ul>
 *   <li>Constant region: the bytes of every constant some kernel reads (or that is an output), then each
 *       kernel's compile-time data, each at a 64-byte aligned offset.</li>
 *   <li>Mutable region: one slot per graph input, then one per graph output, in graph order. A computed
 *       value that is a graph output is written straight into its (first) output slot.</li>
 *   <li>Activation region: every other computed value and every kernel scratch, placed by liveness.
 *       Execution steps are the graph's computing nodes in topological order; a value lives from the
 *       step that writes it to its last reader, a scratch buffer during its own step. Buffers are placed
 *       greedily in order of their first step, each at the lowest aligned offset that does not overlap
 *       any already placed buffer whose lifetime intersects its own (first fit).</li>
 * </ul>
 * An input of a step and the step's own output are live together at that step, so a kernel never reads
 * and writes the same bytes. A node whose kernel was fused into an earlier node's
 * ({@link BufferRequirements#sharesOutputWith}) takes that node's buffer, which then lives until the
 * later node's last reader.
 */
public final class MemoryPlanner {
    private MemoryPlanner() {}

    public static MemoryPlan plan(Graph graph, BufferRequirements kernels) {
        List<Node> steps = computingNodes(graph);
        Map<Node, Integer> stepOf = new IdentityHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            stepOf.put(steps.get(i), i);
        }
        Map<Node, Allocation> values = new IdentityHashMap<>();
        Map<Node, Map<String, Allocation>> blobs = new IdentityHashMap<>();

        // constant region: constants that are read, then kernel data
        ConstantImage image = new ConstantImage();
        for (Node n : graph.nodes()) {
            if (n instanceof ConstantNode c && (isReadDirectly(graph, c, kernels) || graph.isOutput(c))) {
                values.put(c, image.add(ConstantImage.encode(c.value())));
            }
        }
        for (Node n : steps) {
            Map<String, Allocation> placed = new LinkedHashMap<>();
            kernels.constantBlobs(n).forEach((name, bytes) -> placed.put(name, image.add(bytes)));
            if (!placed.isEmpty()) {
                blobs.put(n, placed);
            }
        }

        // mutable region: inputs, then outputs; outputs computed in place where possible
        long mutable = 0;
        Map<String, Allocation> inputs = new LinkedHashMap<>();
        for (InputNode in : graph.inputs()) {
            Allocation a = new Allocation(Region.MUTABLE, mutable, in.type().byteSize());
            mutable = Alignment.up(a.end());
            inputs.put(in.name(), a);
            values.put(in, a);
        }
        Map<String, Allocation> outputs = new LinkedHashMap<>();
        List<MemoryPlan.OutputCopy> copies = new ArrayList<>();
        for (Graph.Output o : graph.outputs()) {
            Allocation a = new Allocation(Region.MUTABLE, mutable, o.node().type().byteSize());
            mutable = Alignment.up(a.end());
            outputs.put(o.name(), a);
            boolean computed = stepOf.containsKey(o.node()) && kernels.sharesOutputWith(o.node()) == null;
            if (computed && !values.containsKey(o.node())) {
                values.put(o.node(), a);
            }
        }

        // activation region: scratch and values, in step order
        Map<Node, Integer> lastUse = lastUses(steps, stepOf);
        // a buffer shared with a later node lives until that node's last reader
        for (int i = steps.size() - 1; i >= 0; i--) {
            Node n = steps.get(i);
            Node owner = kernels.sharesOutputWith(n);
            if (owner != null) {
                lastUse.merge(owner, lastUse.getOrDefault(n, i), Math::max);
            }
        }
        List<LiveBuffer> placed = new ArrayList<>();
        Map<Node, Allocation> scratch = new IdentityHashMap<>();
        for (Node n : steps) {
            int step = stepOf.get(n);
            long scratchBytes = kernels.scratchBytes(n);
            if (scratchBytes > 0) {
                scratch.put(n, firstFit(n.name() + " (scratch)", step, step, scratchBytes, placed));
            }
            Node owner = kernels.sharesOutputWith(n);
            if (owner != null) {
                values.put(n, values.get(owner));
            } else if (!values.containsKey(n)) {
                values.put(n, firstFit(n.name(), step, lastUse.getOrDefault(n, step), n.type().byteSize(), placed));
            }
        }
        long activationBytes = 0;
        for (LiveBuffer b : placed) {
            activationBytes = Math.max(activationBytes, Alignment.up(b.allocation().end()));
        }

        // outputs not written in place get a final copy
        for (Graph.Output o : graph.outputs()) {
            Allocation slot = outputs.get(o.name());
            Allocation home = values.get(o.node());
            if (home == null) {
                throw new IllegalStateException("output '" + o.name() + "' has no planned value");
            }
            if (!home.equals(slot)) {
                copies.add(new MemoryPlan.OutputCopy(o.name(), home, slot));
            }
        }
        return new MemoryPlan(values, scratch, blobs, inputs, outputs, copies, List.copyOf(placed), image.toBytes(),
                mutable, activationBytes);
    }

    /** The nodes that execute, in topological order (constants and inputs have nothing to compute). */
    public static List<Node> computingNodes(Graph graph) {
        List<Node> steps = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!(n instanceof ConstantNode) && !(n instanceof InputNode)) {
                steps.add(n);
            }
        }
        return steps;
    }

    private static boolean isReadDirectly(Graph graph, ConstantNode c, BufferRequirements kernels) {
        for (Node n : graph.nodes()) {
            for (int i = 0; i < n.numInputs(); i++) {
                if (n.input(i) == c && kernels.readsInput(n, i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<Node, Integer> lastUses(List<Node> steps, Map<Node, Integer> stepOf) {
        Map<Node, Integer> last = new IdentityHashMap<>();
        for (Node n : steps) {
            for (Node in : n.inputs()) {
                if (stepOf.containsKey(in)) {
                    last.merge(in, stepOf.get(n), Math::max);
                }
            }
        }
        return last;
    }

    /** Places a buffer at the lowest aligned offset clear of every buffer live at the same time. */
    private static Allocation firstFit(String name, int first, int last, long bytes, List<LiveBuffer> placed) {
        LiveBuffer request = new LiveBuffer(name, first, last, null);
        List<Allocation> busy = new ArrayList<>();
        for (LiveBuffer p : placed) {
            if (p.liveTogetherWith(request) && p.allocation().bytes() > 0) {
                busy.add(p.allocation());
            }
        }
        busy.sort(Comparator.comparingLong(Allocation::offset));
        long offset = 0;
        if (bytes > 0) {
            for (Allocation a : busy) {
                if (offset + bytes <= a.offset()) {
                    break;
                }
                offset = Math.max(offset, Alignment.up(a.end()));
            }
        }
        Allocation a = new Allocation(Region.ACTIVATION, offset, bytes);
        placed.add(new LiveBuffer(name, first, last, a));
        return a;
    }
}
