package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.Node;
import java.util.List;

/** Log-softmax: {@code x - max - log(sum(exp(x - max)))}, with the same axis rules as {@link SoftmaxNode}. */
public final class LogSoftmaxNode extends SoftmaxNode {
    public LogSoftmaxNode(String name, List<Node> inputs, Attributes attrs) {
        super(name, inputs, attrs);
    }

    @Override
    public boolean isLog() {
        return true;
    }

    @Override
    public String op() {
        return "LogSoftmax";
    }
}
