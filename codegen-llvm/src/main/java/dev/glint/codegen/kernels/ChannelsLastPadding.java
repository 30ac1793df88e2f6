package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an image that is already channels-last ({@code [row][column][channel]}, a channel range of a
 * wider tensor allowed) into the padded channels-last buffer a matrix-product convolution reads
 * ({@code [padded row][padded column][padded channel]}), transforming each element
 * ({@link ElementTransform}) and writing the padding value around the image and into the channels past
 * the real ones. No transpose: each position's channels are one contiguous run in both, simple loops that
 * LLVM vectorizes. (From a channels-first image, {@link ChannelsLastCopy} transposes instead.) The code
 * lives in one internal function per transform, shared by every layer of a module; each layer emits a call
 * with its geometry.
 *
 * @param transform what each element becomes
 * @param channels channels copied per position
 * @param sourcePositionStride elements from one source position to the next (the tensor's channel count)
 * @param rows source rows copied (those the convolution reads)
 * @param columns source columns copied per row
 * @param sourceRowStride elements from one source row to the next
 * @param paddedW positions per padded row
 * @param top padded rows above the image
 * @param left padded columns left of the image
 * @param paddedChannels elements per padded position
 */
record ChannelsLastPadding(ElementTransform transform, int channels, long sourcePositionStride, long rows, long columns,
        long sourceRowStride, long paddedW, long top, long left, int paddedChannels) {
    private static final List<String> GEOMETRY = List.of("from", "to", "channels", "positionStride", "rows", "columns",
            "rowStride", "paddedW", "top", "left", "padded");

    /**
     * Emits the copy of padded rows {@code [from, to)} (i64 values): {@code src} points at the image's
     * first element (row 0, column 0, the first channel copied), {@code dst} at the padded buffer;
     * {@code padSource} is the padding value in the source type. Disjoint row ranges write disjoint bytes
     * (threads may share the rows).
     */
    void emit(FunctionWriter f, String src, String dst, String padSource, String from, String to) {
        String function = defineIn(f.module());
        f.call("void", function, "ptr " + src, "ptr " + dst, "i64 " + from, "i64 " + to, "i64 " + channels,
                "i64 " + sourcePositionStride, "i64 " + rows, "i64 " + columns, "i64 " + sourceRowStride,
                "i64 " + paddedW, "i64 " + top, "i64 " + left, "i64 " + paddedChannels,
                transform.source() + " " + padSource);
    }

    private String defineIn(IrModule module) {
        String name = "glint.channels_last_padding." + transform.name();
        if (!module.defines(name)) {
            List<Param> params = new ArrayList<>(List.of(new Param("ptr", "src", "noalias nocapture readonly"),
                    new Param("ptr", "dst", "noalias nocapture")));
            for (String p : GEOMETRY) {
                params.add(new Param("i64", p, ""));
            }
            params.add(new Param(transform.source(), "pad", ""));
            FunctionWriter f = module.function("internal", "void", name, params, "nounwind noinline");
            writeBody(f);
            f.retVoid();
        }
        return name;
    }

    private void writeBody(FunctionWriter f) {
        String s = transform.source();
        String d = transform.destination();
        String pad = transform.apply(f, 0, "%pad");
        String rowElements = f.mul("i64", "%paddedW", "%padded");
        f.loop("prow", "%from", "%to", row -> {
            String rowStart = f.mul("i64", row, rowElements);
            String ih = f.sub("i64", row, "%top");
            // unsigned: rows above the image wrap to large values and fail the test too
            String inside = f.icmp("ult", "i64", ih, "%rows");
            String fillFrom = f.select(inside, "i64", f.mul("i64", "%left", "%padded"), "0");
            String fillTo = f.select(inside, "i64", f.mul("i64", f.add("i64", "%left", "%columns"), "%padded"), "0");
            // the left border (or, outside the image, nothing here: the whole row is the right "border")
            f.loop("fill", "0", fillFrom, i -> f.store(d, pad, f.gep(d, "%dst", f.add("i64", rowStart, i))));
            f.loop("fill", fillTo, rowElements, i -> f.store(d, pad, f.gep(d, "%dst", f.add("i64", rowStart, i))));
            f.ifThen("image", inside, () -> f.loop("col", "0", "%columns", col -> {
                String source = f.add("i64", f.mul("i64", ih, "%rowStride"), f.mul("i64", col, "%positionStride"));
                String position = f.add("i64", rowStart, f.mul("i64", f.add("i64", col, "%left"), "%padded"));
                f.loop("c", "0", "%channels", c -> f.store(d, transform.apply(f, 0,
                        f.load(s, f.gep(s, "%src", f.add("i64", source, c)))), f.gep(d, "%dst", f.add("i64", position, c))));
                f.loop("c", "%channels", "%padded", c -> f.store(d, pad, f.gep(d, "%dst", f.add("i64", position, c))));
            }));
        });
    }
}
