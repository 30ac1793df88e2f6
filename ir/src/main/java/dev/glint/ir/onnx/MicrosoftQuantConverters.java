package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * The quantized operators of ONNX Runtime's {@code com.microsoft} domain that its quantization tool writes
 * into QOperator-format models, each as the ordinary IR operation on quantized operands with a declared
 * output type (per-tensor parameters throughout, as ONNX Runtime requires):
 * <ul>
 *   <li>QLinearAdd, QLinearMul (A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale,
 *       C_zero_point): Add and Mul;</li>
 *   <li>QLinearGlobalAveragePool (X, x_scale, x_zero_point, y_scale, y_zero_point; NCHW only):
 *       GlobalAveragePool;</li>
 *   <li>QLinearSigmoid and QLinearLeakyRelu (X, X_scale, X_zero_point, Y_scale, Y_zero_point): Sigmoid
 *       and LeakyRelu, which on quantized values are lookup tables over the input codes.</li>
 * </ul>
 * Other operators of the domain are not imported.
 */
final class MicrosoftQuantConverters {
    /** The domain name as it appears in ONNX files. */
    static final String DOMAIN = "com.microsoft";

    private MicrosoftQuantConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("QLinearAdd", (n, ctx) -> binary(n, ctx, "Add"));
        table.put("QLinearMul", (n, ctx) -> binary(n, ctx, "Mul"));
        table.put("QLinearGlobalAveragePool", MicrosoftQuantConverters::globalAveragePool);
        table.put("QLinearSigmoid", (n, ctx) -> unary(n, ctx, "Sigmoid", Attributes.EMPTY, "X", "Y"));
        table.put("QLinearLeakyRelu", (n, ctx) -> unary(n, ctx, "LeakyRelu",
                Attributes.builder().put("alpha", n.floatAttr("alpha", 0.01f)).build(), "X", "Y"));
    }

    private static void binary(OnnxNode n, ImportContext ctx, String op) {
        QuantOperand aq = QuantOperand.perTensor(n, ctx, 1, 2, kindOf(n, ctx, 0), QuantOperand.EIGHT_BIT, "A");
        QuantOperand bq = QuantOperand.perTensor(n, ctx, 4, 5, kindOf(n, ctx, 3), QuantOperand.EIGHT_BIT, "B");
        QuantOperand cq = QuantOperand.perTensor(n, ctx, 6, 7, aq.kind(), QuantOperand.EIGHT_BIT, "C");
        Node a = ctx.quantizedInput(n, 0, aq);
        Node b = ctx.quantizedInput(n, 3, bq);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), op, List.of(a, b), Attributes.EMPTY, cq.kind(),
                cq.params()));
    }

    private static void globalAveragePool(OnnxNode n, ImportContext ctx) {
        if (n.intAttr("channels_last", 0) != 0) {
            throw n.unsupported("QLinearGlobalAveragePool channels_last=1",
                    "channels_last=1 (NHWC) is not supported; Glint's pooling is NCHW");
        }
        unary(n, ctx, "GlobalAveragePool", Attributes.EMPTY, "x", "y");
    }

    /**
     * An operator of one quantized input (inputs 0 to 2) and a quantized output (inputs 3 and 4);
     * {@code in} and {@code out} are the operands' names in the operator's documentation.
     */
    private static void unary(OnnxNode n, ImportContext ctx, String op, Attributes attrs, String in, String out) {
        QuantOperand xq = QuantOperand.perTensor(n, ctx, 1, 2, kindOf(n, ctx, 0), QuantOperand.EIGHT_BIT, in);
        QuantOperand yq = QuantOperand.perTensor(n, ctx, 3, 4, xq.kind(), QuantOperand.EIGHT_BIT, out);
        Node x = ctx.quantizedInput(n, 0, xq);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), op, List.of(x), attrs, yq.kind(), yq.params()));
    }

    /** The element kind of input {@code i}: the quantized kind when its zero point is left out. */
    private static ElemKind kindOf(OnnxNode n, ImportContext ctx, int i) {
        return ctx.input(n, i).type().kind();
    }
}
