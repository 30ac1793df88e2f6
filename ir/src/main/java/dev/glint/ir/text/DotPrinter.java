package dev.glint.ir.text;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a graph in Graphviz {@code dot} syntax (for {@code glint inspect --dot FILE}). Operations are
 * boxes labelled with op, value name and type; graph inputs and outputs are ellipses; constants are small
 * grey boxes showing their type (and their values when there are at most {@value #SHOWN_VALUES}).
 * Edges into a node with several inputs carry the input's index. Node ids are positional, so any value
 * name is safe; labels are escaped.
 */
public final class DotPrinter {
    /** Constants with at most this many elements show their values. */
    public static final int SHOWN_VALUES = 4;

    private DotPrinter() {}

    /** The dot text of {@code graph}, ending in a newline. */
    public static String print(Graph graph) {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(graph.name())).append(" {\n");
        sb.append("  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n");
        Map<Node, String> ids = new IdentityHashMap<>();
        for (InputNode in : graph.inputs()) {
            String id = "v" + ids.size();
            ids.put(in, id);
            sb.append("  ").append(id).append(" [shape=ellipse, label=")
                    .append(quote(GraphPrinter.valueRef(in.name()) + "\n" + in.type())).append("];\n");
        }
        for (Node n : graph.nodes()) {
            String id = "v" + ids.size();
            ids.put(n, id);
            sb.append("  ").append(id).append(" [");
            if (n instanceof ConstantNode c) {
                sb.append("style=filled, fillcolor=\"grey90\", fontsize=9, label=").append(quote(constantLabel(c)));
            } else {
                sb.append("label=").append(quote(n.op() + "\n" + GraphPrinter.valueRef(n.name()) + "\n" + n.type()));
            }
            sb.append("];\n");
        }
        for (Node n : graph.nodes()) {
            for (int i = 0; i < n.numInputs(); i++) {
                sb.append("  ").append(idOf(ids, n.input(i))).append(" -> ").append(ids.get(n));
                if (n.numInputs() > 1) {
                    sb.append(" [label=\"").append(i).append("\"]");
                }
                sb.append(";\n");
            }
        }
        List<Graph.Output> outputs = graph.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Graph.Output o = outputs.get(i);
            sb.append("  out").append(i).append(" [shape=ellipse, style=bold, label=")
                    .append(quote("output " + Attributes.quote(o.name()))).append("];\n");
            sb.append("  ").append(idOf(ids, o.node())).append(" -> out").append(i).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    /** Values that are not in the graph (a broken graph) still get a visible node rather than a crash. */
    private static String idOf(Map<Node, String> ids, Node n) {
        String id = ids.get(n);
        return id != null ? id : quote("missing " + n.name());
    }

    private static String constantLabel(ConstantNode c) {
        StringBuilder sb = new StringBuilder(GraphPrinter.valueRef(c.name())).append('\n').append(c.type());
        Tensor t = c.value();
        if (t.size() <= SHOWN_VALUES) {
            sb.append("\n[");
            for (int i = 0; i < t.size(); i++) {
                sb.append(i > 0 ? ", " : "");
                sb.append(t.type().kind().isFloat() ? Attributes.renderFloat(t.floats()[i]) : String.valueOf(t.getLong(i)));
            }
            sb.append(']');
        }
        return sb.toString();
    }

    /** A dot string literal: backslashes and quotes escaped, newlines as dot's centred line break. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.append('"').toString();
    }
}
