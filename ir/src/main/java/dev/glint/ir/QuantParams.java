package dev.glint.ir;

import java.util.Arrays;

/**
 * Affine quantization parameters: {@code real = (q - offset) * scale}, per tensor ({@code axis == -1},
 * one scale and one offset) or per slice along {@code axis} (one pair per index of that axis).
 * Scales are float32, as in ONNX, so that every engine sees the same constants.
 */
public final class QuantParams {
    private final float[] scales;
    private final int[] offsets;
    private final int axis;

    private QuantParams(float[] scales, int[] offsets, int axis) {
        if (scales.length == 0 || scales.length != offsets.length) {
            throw new IllegalArgumentException("scales and offsets must be non-empty and of equal length");
        }
        if (axis < 0 && scales.length != 1) {
            throw new IllegalArgumentException("per-tensor quantization takes exactly one scale");
        }
        for (float s : scales) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("quantization scale must be positive and finite, got " + s);
            }
        }
        this.scales = scales;
        this.offsets = offsets;
        this.axis = axis;
    }

    public static QuantParams perTensor(float scale, int offset) {
        return new QuantParams(new float[] {scale}, new int[] {offset}, -1);
    }

    public static QuantParams perAxis(int axis, float[] scales, int[] offsets) {
        if (axis < 0) {
            throw new IllegalArgumentException("axis must be >= 0 for per-axis quantization");
        }
        return new QuantParams(scales.clone(), offsets.clone(), axis);
    }

    public boolean isPerTensor() {
        return axis < 0;
    }

    /** The quantized axis, or -1 for per-tensor parameters. */
    public int axis() {
        return axis;
    }

    /** Number of (scale, offset) pairs. */
    public int size() {
        return scales.length;
    }

    public float scale(int i) {
        return scales[i];
    }

    public int offset(int i) {
        return offsets[i];
    }

    /** The single scale of per-tensor parameters. */
    public float scale() {
        checkPerTensor();
        return scales[0];
    }

    /** The single offset of per-tensor parameters. */
    public int offset() {
        checkPerTensor();
        return offsets[0];
    }

    public float[] scales() {
        return scales.clone();
    }

    public int[] offsets() {
        return offsets.clone();
    }

    private void checkPerTensor() {
        if (axis >= 0) {
            throw new IllegalStateException("per-axis quantization has no single scale/offset");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantParams q && q.axis == axis && Arrays.equals(q.scales, scales)
                && Arrays.equals(q.offsets, offsets);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(offsets)) + axis;
    }

    @Override
    public String toString() {
        if (axis < 0) {
            return "{scale=" + scales[0] + ",offset=" + offsets[0] + "}";
        }
        return "{axis=" + axis + ",scale=" + Arrays.toString(scales).replace(" ", "") + ",offset="
                + Arrays.toString(offsets).replace(" ", "") + "}";
    }
}
