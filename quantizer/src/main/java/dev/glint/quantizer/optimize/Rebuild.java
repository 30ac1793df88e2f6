package dev.glint.quantizer.optimize;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;

/** Building the new nodes a rewrite returns. */
final class Rebuild {
    private Rebuild() {}

    /** A node of {@code n}'s operation and attributes with new inputs, declared type, name and origin. */
    static Node copy(Node n, List<Node> inputs, TensorType type, String name, String origin) {
        return copy(n, inputs, n.attributes(), type, name, origin);
    }

    /** As {@link #copy(Node, List, TensorType, String, String)} with other attributes. */
    static Node copy(Node n, List<Node> inputs, Attributes attrs, TensorType type, String name, String origin) {
        Node c = OpRegistry.create(n.op(), name, inputs, attrs);
        c.setOrigin(origin);
        c.setType(type);
        return c;
    }

    /** {@code n} with another output type and name (same inputs, attributes and origin). */
    static Node retyped(Node n, TensorType type, String name, String origin) {
        return copy(n, n.inputs(), type, name, origin);
    }

    /** The non-empty origins of {@code parts} joined with '+', as fused nodes report them. */
    static String joinOrigins(Node... parts) {
        List<String> names = new ArrayList<>();
        for (Node n : parts) {
            if (!n.origin().isEmpty()) {
                names.add(n.origin());
            }
        }
        return String.join("+", names);
    }

    /** A free name for a helper value derived from {@code base}; {@code taken} are names this rewrite already used. */
    static String freshName(Graph graph, String base, List<String> taken) {
        String name = graph.uniqueName(base);
        for (int i = 1; taken.contains(name); i++) {
            name = graph.uniqueName(base + "_" + i);
        }
        taken.add(name);
        return name;
    }
}
