package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Maximum over all spatial positions. */
public final class GlobalMaxPoolNode extends GlobalPoolNode {
    public GlobalMaxPoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "GlobalMaxPool";
    }

    @Override
    protected float reduce(float[] x, int from, int count) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            m = Math.max(m, x[from + i]);
        }
        return m;
    }
}
