package dev.glint.ir.text;

import dev.glint.ir.Attributes;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prints a {@link Graph} in Glint's textual IR, which {@link GraphParser} reads back exactly:
 *
 * <pre>
 * graph mnist(%Input3: f32[1,1,28,28]) {
 *   %b = Constant f32[2] [0.5, -1.0]
 *   %w = Constant f32[8,1,5,5] &lt;elided 200 values&gt;
 *   %c = Conv(%Input3, %w) {group=1, pads=[2,2,2,2]} : f32[1,8,28,28] loc("conv1")
 *   return %c as "out"
 * }
 * </pre>
 *
 * Value names outside {@code [A-Za-z0-9_.]} are quoted ({@code %"gpu_0/data_0"}); types use
 * {@link dev.glint.ir.TensorType#toString()}; attribute values use {@link Attributes#render}, so floats
 * always carry a '.' or exponent (or are {@code nan}/{@code inf}/{@code -inf}) and read back bit-exactly.
 * Constants with more than {@link #dataLimit()} elements are elided, and such text cannot be parsed.
 * The output is deterministic, which makes it usable for golden tests.
 */
public final class GraphPrinter {
    /** Constants up to this many elements are printed in full by default. */
    public static final int DEFAULT_DATA_LIMIT = 64;

    private static final Pattern BARE_VALUE = Pattern.compile("[A-Za-z0-9_.]+");
    private static final Pattern BARE_IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final int dataLimit;
    private final boolean locations;

    /** Prints constants of up to {@value #DEFAULT_DATA_LIMIT} elements in full, and origins. */
    public GraphPrinter() {
        this(DEFAULT_DATA_LIMIT, true);
    }

    private GraphPrinter(int dataLimit, boolean locations) {
        this.dataLimit = dataLimit;
        this.locations = locations;
    }

    /** A printer that prints every constant in full (the text can always be parsed back). */
    public static GraphPrinter withAllData() {
        return new GraphPrinter(Integer.MAX_VALUE, true);
    }

    /** A printer that elides constants with more than {@code maxElements} elements. */
    public GraphPrinter withDataLimit(int maxElements) {
        return new GraphPrinter(Math.max(0, maxElements), locations);
    }

    /** A printer that does (or does not) print {@code loc("origin")} for nodes with an ONNX node name. */
    public GraphPrinter withLocations(boolean printLocations) {
        return new GraphPrinter(dataLimit, printLocations);
    }

    /** Constants with more elements than this are printed as {@code <elided N values>}. */
    public int dataLimit() {
        return dataLimit;
    }

    /** Prints with the default options. */
    public static String toText(Graph graph) {
        return new GraphPrinter().print(graph);
    }

    /** The whole graph as text, ending in a newline. */
    public String print(Graph graph) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(identOrString(graph.name())).append('(');
        List<InputNode> inputs = graph.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(valueRef(inputs.get(i).name())).append(": ").append(inputs.get(i).type());
        }
        sb.append(") {\n");
        for (Node n : graph.nodes()) {
            sb.append("  ");
            printNode(n, sb);
            sb.append('\n');
        }
        sb.append("  return");
        List<Graph.Output> outputs = graph.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Graph.Output o = outputs.get(i);
            sb.append(i > 0 ? ", " : " ").append(valueRef(o.node().name()));
            if (!o.name().equals(o.node().name())) {
                sb.append(" as ").append(Attributes.quote(o.name()));
            }
        }
        return sb.append("\n}\n").toString();
    }

    /** One node as its statement, without indentation or newline. */
    public String print(Node n) {
        StringBuilder sb = new StringBuilder();
        printNode(n, sb);
        return sb.toString();
    }

    private void printNode(Node n, StringBuilder sb) {
        sb.append(valueRef(n.name())).append(" = ");
        if (n instanceof ConstantNode c) {
            sb.append("Constant ").append(c.type()).append(' ');
            appendData(c.value(), sb);
        } else {
            sb.append(n.op()).append('(');
            for (int i = 0; i < n.numInputs(); i++) {
                sb.append(i > 0 ? ", " : "").append(valueRef(n.input(i).name()));
            }
            sb.append(')');
            if (!n.attributes().isEmpty()) {
                sb.append(" {");
                boolean first = true;
                for (var e : n.attributes().asMap().entrySet()) {
                    sb.append(first ? "" : ", ").append(identOrString(e.getKey())).append('=')
                            .append(Attributes.render(e.getValue()));
                    first = false;
                }
                sb.append('}');
            }
            sb.append(" : ").append(n.type());
        }
        if (locations && !n.origin().isEmpty()) {
            sb.append(" loc(").append(Attributes.quote(n.origin())).append(')');
        }
    }

    private void appendData(Tensor t, StringBuilder sb) {
        int n = t.size();
        if (n > dataLimit) {
            sb.append("<elided ").append(n).append(" values>");
            return;
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (t.type().kind().isFloat()) {
                sb.append(Attributes.renderFloat(t.floats()[i]));
            } else {
                sb.append(t.getLong(i));
            }
        }
        sb.append(']');
    }

    /** A value reference: {@code %name}, or {@code %"name"} when the name has other characters. */
    public static String valueRef(String name) {
        return "%" + (BARE_VALUE.matcher(name).matches() ? name : Attributes.quote(name));
    }

    /** A bare identifier when the text is one, else a quoted string (graph names, attribute names). */
    static String identOrString(String s) {
        return BARE_IDENT.matcher(s).matches() ? s : Attributes.quote(s);
    }
}
