package dev.glint.ir.onnx;

import dev.glint.ir.ElemKind;
import dev.glint.ir.QuantParams;
import dev.glint.ir.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * What an ONNX quantized operator says about one of its integer operands or results: the element kind
 * (the type of its zero point) and the quantization parameters (its scale and zero point, which must be
 * known at import time). ONNX writes {@code real = (q - zero_point) * scale}, which is Glint's
 * {@code (q - offset) * scale}: the zero point is the offset.
 *
 * @param kind   the integer element kind
 * @param params the parameters, per tensor or along one axis
 */
record QuantOperand(ElemKind kind, QuantParams params) {
    /** Kinds of 8-bit operands (QLinearConv, QLinearMatMul and the com.microsoft QLinear operators). */
    static final Set<ElemKind> EIGHT_BIT = Set.of(ElemKind.INT8, ElemKind.UINT8);

    /**
     * Reads per-tensor parameters from inputs {@code scaleInput} and {@code zeroPointInput} of {@code n}.
     * A 1-D scale of one element is per tensor too. The zero point may be absent (index beyond the node's
     * inputs or left out): then it is 0 of {@code defaultKind}.
     *
     * @param role the operand's ONNX name prefix for messages, e.g. {@code x} for {@code x_scale}
     */
    static QuantOperand perTensor(OnnxNode n, ImportContext ctx, int scaleInput, int zeroPointInput,
            ElemKind defaultKind, Set<ElemKind> allowed, String role) {
        return read(n, ctx, scaleInput, zeroPointInput, defaultKind, allowed, role, null, null);
    }

    /**
     * Reads parameters that are per tensor (a scalar or one-element scale) or per slice along {@code axis}
     * (negative counts from the end) of an operand of shape {@code shape} (a 1-D scale of that extent).
     */
    static QuantOperand perAxis(OnnxNode n, ImportContext ctx, int scaleInput, int zeroPointInput,
            ElemKind defaultKind, Set<ElemKind> allowed, String role, long axis, int[] shape) {
        return read(n, ctx, scaleInput, zeroPointInput, defaultKind, allowed, role, axis, shape);
    }

    /**
     * Zero points only, with scale 1 (ConvInteger, MatMulInteger): the operand's real value is
     * {@code q - zero_point}. With {@code axis} null only a per-tensor zero point is accepted.
     */
    static QuantOperand zeroPointOnly(OnnxNode n, ImportContext ctx, int zeroPointInput, ElemKind defaultKind,
            Set<ElemKind> allowed, String role, Long axis, int[] shape) {
        return read(n, ctx, -1, zeroPointInput, defaultKind, allowed, role, axis, shape);
    }

    private static QuantOperand read(OnnxNode n, ImportContext ctx, int scaleInput, int zeroPointInput,
            ElemKind defaultKind, Set<ElemKind> allowed, String role, Long axis, int[] shape) {
        String scaleRole = role + "_scale";
        String zeroRole = role + "_zero_point";
        Tensor scale = scaleInput < 0 ? null : ctx.constantInput(n, scaleInput, scaleRole);
        Tensor zero = ctx.optionalConstantInput(n, zeroPointInput, zeroRole);
        if (scale != null && !scale.type().kind().isFloat()) {
            throw n.error("%s must be float, got %s", scaleRole, scale.type());
        }
        ElemKind kind = zero == null ? defaultKind : zero.type().kind();
        if (!allowed.contains(kind)) {
            // Without a zero point the kind is the operand's own (or the operator's default).
            String got = zero == null ? kind.mnemonic() : zero.type().toString();
            throw n.error("%s must be one of %s, got %s", zero == null ? role : zeroRole, kindNames(allowed), got);
        }
        // The scale decides the granularity; without one (ConvInteger, MatMulInteger) the zero point does.
        Tensor counted = scale != null ? scale : zero;
        String countedRole = scale != null ? scaleRole : zeroRole;
        int count = counted == null ? 1 : checkedCount(n, counted, countedRole);
        if (zero != null && zero.size() != count && zero.size() != 1) {
            throw n.error("%s %s does not match %s %s", zeroRole, zero.type(), scaleRole, scale.type());
        }
        float[] scales = new float[count];
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            scales[i] = scale == null ? 1f : scale.floats()[i];
            offsets[i] = zero == null ? 0 : (int) zero.getLong(zero.size() == 1 ? 0 : i);
            if (!(scales[i] > 0) || Float.isInfinite(scales[i])) {
                throw n.error("%s must be positive and finite, got %s", scaleRole, scales[i]);
            }
        }
        if (count == 1) {
            return new QuantOperand(kind, QuantParams.perTensor(scales[0], offsets[0]));
        }
        if (axis == null) {
            throw n.unsupported(n.opType() + " with per-axis " + role + " parameters",
                    "%s has %d values; Glint supports only per-tensor parameters for %s", countedRole, count, role);
        }
        int a = (int) (axis < 0 ? axis + shape.length : axis);
        if (a < 0 || a >= shape.length) {
            throw n.error("axis %d is out of range for %s of rank %d", axis, role, shape.length);
        }
        if (count != shape[a]) {
            throw n.error("%s has %d values but axis %d of %s %s has extent %d", countedRole, count, a, role,
                    Arrays.toString(shape), shape[a]);
        }
        return new QuantOperand(kind, QuantParams.perAxis(a, scales, offsets));
    }

    /** The number of values of a scale or zero point, which must be a scalar or 1-D. */
    private static int checkedCount(OnnxNode n, Tensor t, String role) {
        if (t.type().rank() > 1) {
            throw n.error("%s must be a scalar or 1-D, got %s", role, t.type());
        }
        if (t.size() == 0) {
            throw n.error("%s is empty", role);
        }
        return t.size();
    }

    private static String kindNames(Set<ElemKind> kinds) {
        return Arrays.toString(kinds.stream().sorted().map(ElemKind::mnemonic).toArray());
    }
}
