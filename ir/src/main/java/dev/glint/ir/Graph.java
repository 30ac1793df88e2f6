package dev.glint.ir;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ListMultimap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataflow graph: inputs, nodes in topological order (constants included), and named outputs.
 * Every node's name is unique in the graph. Mutations keep the node list topologically ordered when
 * nodes are added after their inputs; rewrites that break the order call {@link #sortTopologically()}.
 */
public final class Graph {
    /** A graph output: the externally visible name and the node that produces it. */
    public record Output(String name, Node node) {}

    private String name;
    private final List<InputNode> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();

    public Graph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<InputNode> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** Nodes in topological order (constants included, inputs not). */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<Output> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The node or input with this value name, or null. */
    public Node find(String valueName) {
        return byName.get(valueName);
    }

    public InputNode addInput(String inputName, TensorType type) {
        InputNode in = new InputNode(inputName, type);
        claimName(in);
        inputs.add(in);
        return in;
    }

    public ConstantNode addConstant(String constName, Tensor value) {
        ConstantNode c = new ConstantNode(constName, value);
        claimName(c);
        nodes.add(c);
        return c;
    }

    /**
     * Appends a node whose inputs are already in the graph. If it has no type yet, its type is inferred
     * (a GlintException says why when the inputs do not fit the operation).
     */
    public <N extends Node> N add(N node) {
        for (Node in : node.inputs()) {
            if (byName.get(in.name()) != in) {
                throw new IllegalArgumentException("input " + in.name() + " of " + node.name() + " is not in the graph");
            }
        }
        if (node.type() == null) {
            node.setType(node.inferType());
        }
        claimName(node);
        nodes.add(node);
        return node;
    }

    public void addOutput(String outputName, Node node) {
        outputs.add(new Output(outputName, node));
    }

    public void setOutput(int i, Node node) {
        outputs.set(i, new Output(outputs.get(i).name(), node));
    }

    private void claimName(Node n) {
        if (byName.containsKey(n.name())) {
            throw new GlintException("duplicate value name '" + n.name() + "'");
        }
        byName.put(n.name(), n);
    }

    /** A name not yet used in this graph, derived from {@code base}. */
    public String uniqueName(String base) {
        if (!byName.containsKey(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            String candidate = base + "_" + i;
            if (!byName.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    /** Renames a node (its new name must be free). */
    public void rename(Node n, String newName) {
        if (byName.get(n.name()) != n) {
            throw new IllegalArgumentException(n.name() + " is not in the graph");
        }
        if (byName.containsKey(newName)) {
            throw new GlintException("duplicate value name '" + newName + "'");
        }
        byName.remove(n.name());
        n.rename(newName);
        byName.put(newName, n);
    }

    /** Every edge (and graph output) that reads {@code old} reads {@code replacement} instead. */
    public void replaceAllUses(Node old, Node replacement) {
        if (old == replacement) {
            return;
        }
        for (Node n : nodes) {
            for (int i = 0; i < n.numInputs(); i++) {
                if (n.input(i) == old) {
                    n.setInput(i, replacement);
                }
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).node() == old) {
                setOutput(i, replacement);
            }
        }
    }

    /** Removes a node that nothing uses any more. */
    public void remove(Node n) {
        if (n instanceof InputNode) {
            throw new IllegalArgumentException("graph inputs cannot be removed");
        }
        if (!nodes.remove(n)) {
            throw new IllegalArgumentException(n.name() + " is not in the graph");
        }
        byName.remove(n.name());
    }

    /** Inserts {@code n} (whose inputs must be in the graph) right before {@code before}. */
    public <N extends Node> N insertBefore(Node before, N n) {
        int at = nodes.indexOf(before);
        add(n);
        nodes.remove(nodes.size() - 1);
        nodes.add(at < 0 ? nodes.size() : at, n);
        return n;
    }

    /** Map from each node to the nodes that read it (one entry per edge); outputs are not included. */
    public ListMultimap<Node, Node> users() {
        ListMultimap<Node, Node> users = ArrayListMultimap.create();
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                users.put(in, n);
            }
        }
        return users;
    }

    /** True if {@code n} is a graph output. */
    public boolean isOutput(Node n) {
        for (Output o : outputs) {
            if (o.node() == n) {
                return true;
            }
        }
        return false;
    }

    /** Removes every node that no output depends on. Returns the number removed. */
    public int removeDeadNodes() {
        Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> work = new ArrayDeque<>();
        for (Output o : outputs) {
            work.push(o.node());
        }
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (live.add(n)) {
                n.inputs().forEach(work::push);
            }
        }
        int before = nodes.size();
        for (Node n : new ArrayList<>(nodes)) {
            if (!live.contains(n)) {
                remove(n);
            }
        }
        return before - nodes.size();
    }

    /** Re-establishes topological order (stable: keeps the current order where it is already valid). */
    public void sortTopologically() {
        Set<Node> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        placed.addAll(inputs);
        List<Node> order = new ArrayList<>(nodes.size());
        Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            visit(n, placed, inProgress, order);
        }
        nodes.clear();
        nodes.addAll(order);
    }

    private void visit(Node n, Set<Node> placed, Set<Node> inProgress, List<Node> order) {
        if (placed.contains(n)) {
            return;
        }
        if (!inProgress.add(n)) {
            throw new GlintException("graph has a cycle through '" + n.name() + "'");
        }
        for (Node in : n.inputs()) {
            visit(in, placed, inProgress, order);
        }
        inProgress.remove(n);
        placed.add(n);
        order.add(n);
    }

    /** Counts of nodes by operation (constants included), in first-seen order. */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node n : nodes) {
            counts.merge(n.op(), 1, Integer::sum);
        }
        return counts;
    }

    /** Names of all values, for diagnostics. */
    public Set<String> valueNames() {
        return new HashSet<>(byName.keySet());
    }
}
