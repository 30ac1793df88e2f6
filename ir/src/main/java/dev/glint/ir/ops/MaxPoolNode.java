package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Max pooling; a window entirely in padding yields -inf. */
public final class MaxPoolNode extends PoolNode {
    public MaxPoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "MaxPool";
    }

    @Override
    protected float reduce(float[] values, int count, int withPads) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (Float.isNaN(values[i])) {
                return Float.NaN;
            }
            m = Math.max(m, values[i]);
        }
        return m;
    }
}
