package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Mean over all spatial positions. */
public final class GlobalAveragePoolNode extends GlobalPoolNode {
    public GlobalAveragePoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public String op() {
        return "GlobalAveragePool";
    }

    @Override
    protected float reduce(float[] x, int from, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += x[from + i];
        }
        return (float) (sum / count);
    }
}
