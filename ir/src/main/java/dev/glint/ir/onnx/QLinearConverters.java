package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quantized convolution and matrix product of the default domain. Each becomes the ordinary IR
 * operation on quantized operands, with a declared output type:
 * <ul>
 *   <li>QLinearConv: Conv with x per tensor, w per tensor or per output channel (a 1-D {@code w_scale}),
 *       the int32 bias {@code B} (scale {@code x_scale * w_scale}, offset 0) and output parameters from
 *       {@code y_scale} and {@code y_zero_point};</li>
 *   <li>QLinearMatMul: MatMul with a per tensor, b per tensor or per column (a 1-D {@code b_scale});</li>
 *   <li>ConvInteger and MatMulInteger: the same operations with scale 1 (only the zero points matter)
 *       and a declared {@code i32} output without parameters, which the int8 kernels define as the raw
 *       int32 accumulators.</li>
 * </ul>
 * Requantization follows Glint's numeric contract ({@code dev.glint.ir.quant.NumericContract}).
 */
final class QLinearConverters {
    private QLinearConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("QLinearConv", QLinearConverters::qlinearConv);
        table.put("QLinearMatMul", QLinearConverters::qlinearMatMul);
        table.put("ConvInteger", QLinearConverters::convInteger);
        table.put("MatMulInteger", QLinearConverters::matMulInteger);
    }

    /** Inputs: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point[, B]. */
    private static void qlinearConv(OnnxNode n, ImportContext ctx) {
        Node rawX = ctx.input(n, 0);
        Node rawW = ctx.input(n, 3);
        QuantOperand xq = QuantOperand.perTensor(n, ctx, 1, 2, rawX.type().kind(), QuantOperand.EIGHT_BIT, "x");
        QuantOperand wq = QuantOperand.perAxis(n, ctx, 4, 5, rawW.type().kind(), QuantOperand.EIGHT_BIT, "w", 0,
                rawW.type().shape());
        QuantOperand yq = QuantOperand.perTensor(n, ctx, 6, 7, xq.kind(), QuantOperand.EIGHT_BIT, "y");
        Node x = ctx.quantizedInput(n, 0, xq);
        Node w = ctx.quantizedInput(n, 3, wq);
        List<Node> inputs = new ArrayList<>(List.of(x, w));
        if (n.hasInput(8)) {
            Node rawB = ctx.input(n, 8);
            if (rawB.type().kind() != ElemKind.INT32) {
                throw n.error("bias B must be int32, got %s", rawB.type());
            }
            inputs.add(ctx.quantizedInput(n, 8, new QuantOperand(ElemKind.INT32, biasParams(n, xq, wq))));
        }
        Attributes attrs = ConvPoolConverters.convAttributes(n, x, w);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), "Conv", inputs, attrs, yq.kind(), yq.params()));
    }

    /**
     * The bias's parameters: it is in accumulator units, scale {@code x_scale * w_scale[c]} (product in
     * double, rounded once to float32), offset 0. The kernel reads only its integers.
     */
    private static QuantParams biasParams(OnnxNode n, QuantOperand x, QuantOperand w) {
        QuantParams qw = w.params();
        float[] scales = new float[qw.size()];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (float) ((double) x.params().scale() * qw.scale(c));
            if (scales[c] == 0f) {
                throw n.error("x_scale * w_scale underflows float32 for output channel %d", c);
            }
        }
        return qw.isPerTensor() ? QuantParams.perTensor(scales[0], 0)
                : QuantParams.perAxis(0, scales, new int[scales.length]);
    }

    /** Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point. */
    private static void qlinearMatMul(OnnxNode n, ImportContext ctx) {
        Node rawA = ctx.input(n, 0);
        Node rawB = ctx.input(n, 3);
        checkMatrices(n, rawA, rawB);
        QuantOperand aq = QuantOperand.perTensor(n, ctx, 1, 2, rawA.type().kind(), QuantOperand.EIGHT_BIT, "a");
        QuantOperand bq = QuantOperand.perAxis(n, ctx, 4, 5, rawB.type().kind(), QuantOperand.EIGHT_BIT, "b", -1,
                rawB.type().shape());
        QuantOperand yq = QuantOperand.perTensor(n, ctx, 6, 7, aq.kind(), QuantOperand.EIGHT_BIT, "y");
        Node a = ctx.quantizedInput(n, 0, aq);
        Node b = ctx.quantizedInput(n, 3, bq);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), "MatMul", List.of(a, b), Attributes.EMPTY,
                yq.kind(), yq.params()));
    }

    /** Inputs: x, w[, x_zero_point[, w_zero_point]]; output int32. */
    private static void convInteger(OnnxNode n, ImportContext ctx) {
        Node rawX = ctx.input(n, 0);
        Node rawW = ctx.input(n, 1);
        QuantOperand xq = QuantOperand.zeroPointOnly(n, ctx, 2, rawX.type().kind(), QuantOperand.EIGHT_BIT, "x",
                null, rawX.type().shape());
        QuantOperand wq = QuantOperand.zeroPointOnly(n, ctx, 3, rawW.type().kind(), QuantOperand.EIGHT_BIT, "w", 0L,
                rawW.type().shape());
        Node x = ctx.quantizedInput(n, 0, xq);
        Node w = ctx.quantizedInput(n, 1, wq);
        Attributes attrs = ConvPoolConverters.convAttributes(n, x, w);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), "Conv", List.of(x, w), attrs, ElemKind.INT32, null));
    }

    /** Inputs: A, B[, a_zero_point[, b_zero_point]]; output int32. */
    private static void matMulInteger(OnnxNode n, ImportContext ctx) {
        Node rawA = ctx.input(n, 0);
        Node rawB = ctx.input(n, 1);
        checkMatrices(n, rawA, rawB);
        QuantOperand aq = QuantOperand.zeroPointOnly(n, ctx, 2, rawA.type().kind(), QuantOperand.EIGHT_BIT, "a",
                null, rawA.type().shape());
        QuantOperand bq = QuantOperand.zeroPointOnly(n, ctx, 3, rawB.type().kind(), QuantOperand.EIGHT_BIT, "b",
                -1L, rawB.type().shape());
        Node a = ctx.quantizedInput(n, 0, aq);
        Node b = ctx.quantizedInput(n, 1, bq);
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), "MatMul", List.of(a, b), Attributes.EMPTY,
                ElemKind.INT32, null));
    }

    /** The int8 matrix product works on matrices and stacks of them (no 1-D operands). */
    private static void checkMatrices(OnnxNode n, Node a, Node b) {
        if (a.type().rank() < 2 || b.type().rank() < 2) {
            throw n.unsupported(n.opType() + " of 1-D operands", "operands %s and %s: Glint's integer matrix "
                    + "product needs operands of rank >= 2", a.type(), b.type());
        }
    }
}
