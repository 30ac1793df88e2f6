package dev.glint.ir.ops;

import dev.glint.ir.Attributes;
import dev.glint.ir.GlintException;
import java.util.Arrays;

/**
 * The sliding-window geometry shared by convolution and pooling over {@code k} spatial dimensions:
 * kernel size, strides, dilations and explicit pads ({@code [begin_1..begin_k, end_1..end_k]}, the ONNX
 * order). {@code auto_pad} is resolved to explicit pads by the importer, so nodes only see explicit pads.
 */
public final class SpatialGeometry {
    private final int[] kernel;
    private final int[] strides;
    private final int[] dilations;
    private final int[] pads;
    private final boolean ceilMode;

    public SpatialGeometry(int[] kernel, int[] strides, int[] dilations, int[] pads, boolean ceilMode) {
        int k = kernel.length;
        if (strides.length != k || dilations.length != k || pads.length != 2 * k) {
            throw new GlintException("kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
                    + ", dilations " + Arrays.toString(dilations) + " and pads " + Arrays.toString(pads)
                    + " do not agree in rank");
        }
        for (int i = 0; i < k; i++) {
            if (kernel[i] <= 0 || strides[i] <= 0 || dilations[i] <= 0 || pads[i] < 0 || pads[i + k] < 0) {
                throw new GlintException("invalid window: kernel " + Arrays.toString(kernel) + ", strides "
                        + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations) + ", pads "
                        + Arrays.toString(pads));
            }
        }
        long kernelSize = 1;
        for (int d : kernel) {
            kernelSize *= d;
            if (kernelSize > Integer.MAX_VALUE) {
                throw new GlintException("kernel " + Arrays.toString(kernel) + " has too many positions");
            }
        }
        this.kernel = kernel.clone();
        this.strides = strides.clone();
        this.dilations = dilations.clone();
        this.pads = pads.clone();
        this.ceilMode = ceilMode;
    }

    /** Reads {@code strides}, {@code dilations}, {@code pads} and {@code ceil_mode} with ONNX defaults. */
    public static SpatialGeometry fromAttributes(int[] kernel, Attributes a) {
        int k = kernel.length;
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        return new SpatialGeometry(kernel, a.getIntArray("strides", ones), a.getIntArray("dilations", ones),
                a.getIntArray("pads", new int[2 * k]), a.getInt("ceil_mode", 0) != 0);
    }

    public int rank() {
        return kernel.length;
    }

    public int kernel(int i) {
        return kernel[i];
    }

    public int stride(int i) {
        return strides[i];
    }

    public int dilation(int i) {
        return dilations[i];
    }

    public int padBegin(int i) {
        return pads[i];
    }

    public int padEnd(int i) {
        return pads[i + kernel.length];
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public int[] kernel() {
        return kernel.clone();
    }

    /**
     * Output extent along spatial dimension {@code i} for input extent {@code in}. With ceil mode, a last
     * window that would start in the end padding is dropped (PyTorch and ONNX agree on this rule).
     */
    public int outputSize(int i, int in, String what) {
        // In long: forged kernels, dilations and pads near the int range must not wrap around.
        long effective = (kernel[i] - 1L) * dilations[i] + 1;
        long span = (long) in + pads[i] + pads[i + kernel.length] - effective;
        if (span < 0) {
            throw new GlintException(what + ": window of extent " + effective + " does not fit input extent " + in
                    + " with pads " + pads[i] + "+" + pads[i + kernel.length]);
        }
        long out = ceilMode ? (span + strides[i] - 1) / strides[i] + 1 : span / strides[i] + 1;
        if (ceilMode && (out - 1) * strides[i] >= (long) in + pads[i]) {
            out--;
        }
        if (out > Integer.MAX_VALUE) {
            throw new GlintException(what + ": output extent " + out + " along spatial axis " + i + " is too large");
        }
        return (int) out;
    }

    /** Output spatial shape for the input spatial shape. */
    public int[] outputShape(int[] inSpatial, String what) {
        int[] r = new int[kernel.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = outputSize(i, inSpatial[i], what);
        }
        return r;
    }
}
