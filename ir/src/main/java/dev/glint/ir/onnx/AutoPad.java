package dev.glint.ir.onnx;

import java.util.Arrays;

/**
 * Resolves the {@code auto_pad} / {@code pads} attributes of Conv and the pooling operators into the
 * explicit pads {@code [begin_1..begin_k, end_1..end_k]} that the IR uses.
 *
 * <p>ONNX: with SAME_UPPER / SAME_LOWER the output extent is {@code ceil(in / stride)} and the total
 * padding is {@code max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - in)}; SAME_UPPER puts the
 * odd extra pixel at the end, SAME_LOWER at the beginning. VALID means no padding; NOTSET (the default)
 * means the {@code pads} attribute (zeros when absent).
 */
final class AutoPad {
    private AutoPad() {}

    static int[] explicitPads(OnnxNode n, int[] inSpatial, int[] kernel, int[] strides, int[] dilations) {
        int k = kernel.length;
        String mode = n.stringAttr("auto_pad", "NOTSET");
        switch (mode) {
            case "NOTSET" -> {
                int[] pads = n.intArrayAttr("pads", new int[2 * k]);
                if (pads.length != 2 * k) {
                    throw n.error("pads %s do not fit %d spatial dimensions", Arrays.toString(pads), k);
                }
                return pads;
            }
            case "VALID" -> {
                return new int[2 * k];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] pads = new int[2 * k];
                for (int i = 0; i < k; i++) {
                    int out = (inSpatial[i] + strides[i] - 1) / strides[i];
                    int window = (kernel[i] - 1) * dilations[i] + 1;
                    int total = Math.max(0, (out - 1) * strides[i] + window - inSpatial[i]);
                    int small = total / 2;
                    boolean upper = mode.equals("SAME_UPPER");
                    pads[i] = upper ? small : total - small;
                    pads[i + k] = upper ? total - small : small;
                }
                return pads;
            }
            default -> throw n.error("unknown auto_pad '%s'", mode);
        }
    }
}
