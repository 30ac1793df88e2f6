package dev.glint.ir.passes;

import dev.glint.ir.Node;
import java.util.ArrayList;
import java.util.List;

/** The origin of a node that fuses several: theirs joined with '+', so reports still name every ONNX node. */
final class Origins {
    private Origins() {}

    /** The non-empty origins of {@code parts}, in order, joined with '+'. */
    static String join(Node... parts) {
        List<String> names = new ArrayList<>();
        for (Node n : parts) {
            if (!n.origin().isEmpty()) {
                names.add(n.origin());
            }
        }
        return String.join("+", names);
    }
}
