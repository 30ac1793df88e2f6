package dev.glint.codegen;

import dev.glint.codegen.kernels.Kernel;
import dev.glint.codegen.kernels.Layouts;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code assign layouts} lowering step: decides which computed 4-D values are stored channels-last
 * ({@code [n][h][w][c]}) instead of the graph's NCHW, and gives each kernel its {@link Layouts}.
 *
 * <p>Values whose kernels must share a layout ({@link Kernel#layoutTiedInputs}: an elementwise Add with
 * its inputs, a depthwise convolution or a max pool with its data, a Concat with its inputs) form one
 * group, decided together. A group is stored
 * channels-last when every value in it can be: it is 4-D and not a graph output (outputs leave in the
 * graph's layout), its producer can write channels-last (or is tied into the group), and every reader can
 * read it so (or is tied into the group); a group tied to a graph input or a constant (stored NCHW) stays
 * channels-first. So a chain of convolutions passes activations channels-last from the first to the last
 * and only its ends transpose; any other operator in between simply keeps NCHW around it.
 */
final class LayoutAssignment {
    private final Graph graph;
    private final Map<Node, Kernel> kernels;
    private final Map<Node, Node> parent = new HashMap<>();

    private LayoutAssignment(Graph graph, Map<Node, Kernel> kernels) {
        this.graph = graph;
        this.kernels = kernels;
    }

    /** Rewrites {@code kernels} in place; returns the values stored channels-last. */
    static Set<Node> apply(Graph graph, Map<Node, Kernel> kernels) {
        return new LayoutAssignment(graph, kernels).run();
    }

    private Set<Node> run() {
        Set<Node> channelsFirst = new HashSet<>();
        for (Map.Entry<Node, Kernel> e : kernels.entrySet()) {
            Node n = e.getKey();
            for (int i : e.getValue().layoutTiedInputs()) {
                if (kernels.containsKey(n.input(i))) {
                    union(n, n.input(i));
                } else {
                    channelsFirst.add(n); // tied to a graph input or constant, which is NCHW
                }
            }
        }
        for (Map.Entry<Node, Kernel> e : kernels.entrySet()) {
            Node n = e.getKey();
            Kernel k = e.getValue();
            Set<Integer> tied = k.layoutTiedInputs();
            if (n.type().rank() != 4 || graph.isOutput(n) || !k.canWriteChannelsLast() && tied.isEmpty()) {
                channelsFirst.add(n);
            }
            for (int i = 0; i < n.numInputs(); i++) {
                Node in = n.input(i);
                if (kernels.containsKey(in) && !tied.contains(i) && !k.canReadChannelsLast(i)) {
                    channelsFirst.add(in);
                }
            }
        }
        Set<Node> firstGroups = new HashSet<>();
        for (Node n : channelsFirst) {
            firstGroups.add(find(n));
        }
        Set<Node> channelsLast = new HashSet<>();
        for (Node n : kernels.keySet()) {
            if (!firstGroups.contains(find(n))) {
                channelsLast.add(n);
            }
        }
        for (Map.Entry<Node, Kernel> e : new LinkedHashMap<>(kernels).entrySet()) {
            Node n = e.getKey();
            Set<Integer> inputs = new HashSet<>();
            for (int i = 0; i < n.numInputs(); i++) {
                if (channelsLast.contains(n.input(i))) {
                    inputs.add(i);
                }
            }
            Layouts layouts = new Layouts(inputs, channelsLast.contains(n));
            if (!layouts.allChannelsFirst()) {
                kernels.put(n, e.getValue().withLayouts(layouts));
            }
        }
        return channelsLast;
    }

    /** The group's representative, compressing the path (iteratively: groups may be thousands long). */
    private Node find(Node n) {
        Node root = n;
        while (parent.getOrDefault(root, root) != root) {
            root = parent.get(root);
        }
        for (Node p = n; p != root; ) {
            Node next = parent.get(p);
            parent.put(p, root);
            p = next;
        }
        return root;
    }

    private void union(Node a, Node b) {
        Node ra = find(a);
        Node rb = find(b);
        if (ra != rb) {
            parent.put(ra, rb);
        }
    }
}
