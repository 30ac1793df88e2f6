package dev.glint.ir.onnx;

import dev.glint.ir.Attributes;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QuantizeLinear and DequantizeLinear (opsets 10 to 25), as the IR's Quantize and Dequantize. Both
 * formulas are Glint's numeric contract: {@code y = saturate(round_half_even(x / y_scale) + y_zero_point)}
 * with a float32 division, and {@code y = (x - x_zero_point) * x_scale}. Per-tensor and per-axis
 * (attribute {@code axis}, default 1) parameters are supported; blocked quantization
 * ({@code block_size > 0}), types Glint has no kind for (float8, int4, uint16, ...) and computation in
 * another precision than float32 are not.
 */
final class QuantizeConverters {
    /** Kinds QuantizeLinear may produce. */
    private static final Set<ElemKind> QUANTIZED = Set.of(ElemKind.INT8, ElemKind.UINT8, ElemKind.INT16);

    /** Kinds DequantizeLinear may read (int32 is how ONNX models store quantized biases). */
    private static final Set<ElemKind> DEQUANTIZABLE = Set.of(ElemKind.INT8, ElemKind.UINT8, ElemKind.INT16,
            ElemKind.INT32);

    private QuantizeConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("QuantizeLinear", QuantizeConverters::quantizeLinear);
        table.put("DequantizeLinear", QuantizeConverters::dequantizeLinear);
    }

    private static void quantizeLinear(OnnxNode n, ImportContext ctx) {
        Node x = ctx.input(n, 0);
        if (!x.type().kind().isFloat()) {
            // QuantizeLinear-10 also accepts int32 input, which Glint quantizes only from float32.
            throw n.unsupported("QuantizeLinear of " + x.type().kind().mnemonic() + " input",
                    "input x is %s; Glint quantizes float32 values only", x.type());
        }
        rejectBlocked(n);
        // Opset 25's 'precision' chooses the type of the division; Glint divides in float32 only.
        long precision = n.intAttr("precision", 0);
        if (precision != 0 && precision != DataType.FLOAT_VALUE) {
            throw n.unsupported("QuantizeLinear precision " + OnnxDataType.name((int) precision),
                    "precision %s is not supported (Glint divides in float32)", OnnxDataType.name((int) precision));
        }
        // Without a zero point the output type is attribute output_dtype (opset 21), by default uint8.
        long outputDtype = n.intAttr("output_dtype", 0);
        ElemKind declared = outputDtype == 0 ? ElemKind.UINT8
                : OnnxDataType.elemKind((int) outputDtype, n.describe() + " (attribute 'output_dtype')");
        QuantOperand y = QuantOperand.perAxis(n, ctx, 1, 2, declared, QUANTIZED, "y", n.intAttr("axis", 1),
                x.type().shape());
        if (outputDtype != 0 && y.kind() != declared) {
            throw n.error("output_dtype %s differs from the type of y_zero_point (%s)",
                    OnnxDataType.name((int) outputDtype), y.kind().mnemonic());
        }
        ctx.define(n.output(0), ctx.emitDeclared(n, n.output(0), "Quantize", List.of(x), Attributes.EMPTY,
                y.kind(), y.params()));
    }

    private static void dequantizeLinear(OnnxNode n, ImportContext ctx) {
        Node raw = ctx.input(n, 0);
        rejectBlocked(n);
        long outputDtype = n.intAttr("output_dtype", 0);
        if (outputDtype != 0 && outputDtype != DataType.FLOAT_VALUE) {
            throw n.unsupported("DequantizeLinear output_dtype " + OnnxDataType.name((int) outputDtype),
                    "output_dtype %s is not supported (Glint dequantizes to float32)",
                    OnnxDataType.name((int) outputDtype));
        }
        QuantOperand q = QuantOperand.perAxis(n, ctx, 1, 2, raw.type().kind(), DEQUANTIZABLE, "x",
                n.intAttr("axis", 1), raw.type().shape());
        Node x = ctx.quantizedInput(n, 0, q);
        ctx.emitOutput(n, "Dequantize", List.of(x), Attributes.EMPTY);
    }

    /** Blocked quantization (opset 21): scales of the input's rank, each shared by a block of elements. */
    private static void rejectBlocked(OnnxNode n) {
        long blockSize = n.intAttr("block_size", 0);
        if (blockSize != 0) {
            throw n.unsupported("blocked quantization", "block_size %d: blocked quantization is not supported",
                    blockSize);
        }
    }
}
