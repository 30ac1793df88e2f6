package dev.glint.quantizer.optimize;

import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConcatNode;

/**
 * Each input of a quantized Concat whose parameters differ from the output's gets one explicit Rescale to
 * the output's parameters, so the Concat becomes a plain copy and the Rescales can fold into the operations
 * that produce the inputs.
 *
 * <p>Numerics: exact; Concat's integer semantics apply the same Rescale rule to such inputs.
 */
public final class RescaleConcatInputs implements QuantRewrite {
    @Override
    public String name() {
        return "rescale-concat-inputs";
    }

    @Override
    public boolean matches(Node node, Graph graph) {
        return node instanceof ConcatNode && OperandRescaling.needed(node);
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
