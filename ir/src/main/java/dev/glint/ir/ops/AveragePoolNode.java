package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/**
 * Average pooling. With {@code count_include_pad=1} the divisor counts the explicit padding positions
 * (but not the extra positions that ceil mode adds past the padding, as ONNX's reference does);
 * otherwise only positions inside the input.
 */
public final class AveragePoolNode extends PoolNode {
    private final boolean countIncludePad;

    public AveragePoolNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
        this.countIncludePad = attrs.getInt("count_include_pad", 0) != 0;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    public String op() {
        return "AveragePool";
    }

    @Override
    protected float reduce(float[] values, int count, int withPads) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        int divisor = countIncludePad ? withPads : count;
        return (float) (sum / divisor);
    }
}
