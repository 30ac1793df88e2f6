package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.MaxNode;
import dev.glint.ir.ops.MinNode;

/**
 * Gives both operands of a quantized Max or Min the output's parameters, through an explicit Rescale of
 * each operand that has others, so the operation is a plain comparison of integer codes and the Rescales
 * can fold into the operations that produce the operands.
 *
 * <p>Numerics: exact; Max and Min's integer semantics apply the same Rescale rule to each operand before
 * comparing.
 */
public final class NormalizeMaxMinScales implements QuantRewrite {
    @Override
    public String name() {
        return "normalize-max-min-scales";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return (node instanceof MaxNode || node instanceof MinNode) && OperandRescaling.needed(node);
    }

    @Override
    public Node rewrite(Node node, Graph graph) {
        return OperandRescaling.rewrite(node, graph);
    }

    @Override
    public Numerics numerics(Node node, Graph graph) {
        return Numerics.EXACT;
    }
}
