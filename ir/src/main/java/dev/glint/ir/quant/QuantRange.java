package dev.glint.ir.quant;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;

/** The per-tensor (scale, offset, qmin, qmax) of a quantized tensor type, for kernels. */
public record QuantRange(float scale, int offset, int qmin, int qmax) {
    /** Reads a per-tensor quantized type; fails clearly for float or per-axis types. */
    public static QuantRange of(TensorType t, String what) {
        QuantParams q = t.quant();
        if (q == null) {
            throw new GlintException(what + ": expected a quantized type, got " + t);
        }
        if (!q.isPerTensor()) {
            throw new GlintException(what + ": expected per-tensor quantization, got " + t);
        }
        return new QuantRange(q.scale(), q.offset(), (int) t.kind().min(), (int) t.kind().max());
    }

    /** The integer range of an element kind. */
    public static int[] bounds(ElemKind k) {
        return new int[] {(int) k.min(), (int) k.max()};
    }

    public int quantize(float x) {
        return NumericContract.quantize(x, scale, offset, qmin, qmax);
    }

    public float dequantize(int q) {
        return NumericContract.dequantize(q, scale, offset);
    }

    /** Rounds, clamps and offsets a real value already divided by the scale. */
    public int fromScaled(float p) {
        return NumericContract.roundClampOffset(p, offset, qmin, qmax);
    }
}
