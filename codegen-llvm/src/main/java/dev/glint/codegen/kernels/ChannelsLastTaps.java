package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each tap of a window reads in a channels-last image ({@code [n][h][w][c]}), for the kernels that
 * loop over channels innermost (depthwise convolution, max pooling): per output position, one pointer per
 * tap to the first channel of its input position, or to {@code outside} (a constant row of the padding
 * value) when the tap falls outside the image. The loop over channels then needs no bounds tests. The
 * geometry may be constants or run-time values (i64 operands as strings).
 *
 * @param window the window's kernel, stride and dilation (compile-time)
 * @param height input rows
 * @param width input columns
 * @param channels elements per position
 * @param padTop padded rows above the image
 * @param padLeft padded columns left of the image
 * @param element the element type
 */
record ChannelsLastTaps(Window2d window, String height, String width, String channels, String padTop, String padLeft,
        String element) {
    /** The taps of output position {@code (oh, ow)} of the image starting at position {@code image}. */
    Taps at(FunctionWriter f, String in, String outside, String image, String oh, String ow) {
        Window2d w = window;
        List<String> pointers = new ArrayList<>();
        String inside = "0";
        for (int kh = 0; kh < w.kernel[0]; kh++) {
            String ih = f.add("i64", f.mul("i64", oh, Integer.toString(w.stride[0])),
                    f.sub("i64", Integer.toString(kh * w.dilation[0]), padTop));
            // unsigned: a row above the image wraps to a large value and fails the test too
            String rowInside = f.icmp("ult", "i64", ih, height);
            for (int kw = 0; kw < w.kernel[1]; kw++) {
                String iw = f.add("i64", f.mul("i64", ow, Integer.toString(w.stride[1])),
                        f.sub("i64", Integer.toString(kw * w.dilation[1]), padLeft));
                String tapInside = f.assign("in", "and i1 " + rowInside + ", " + f.icmp("ult", "i64", iw, width));
                inside = f.add("i64", inside, f.convert("zext", "i1", tapInside, "i64"));
                String position = f.add("i64", image, f.add("i64", f.mul("i64", ih, width), iw));
                String at = f.gep(element, in, f.mul("i64", position, channels));
                pointers.add(f.select(tapInside, "ptr", at, outside));
            }
        }
        return new Taps(pointers, inside);
    }

    /** One pointer per tap (kernel row-major) and how many taps are inside the image (i64). */
    record Taps(List<String> pointers, String inside) {
    }
}
