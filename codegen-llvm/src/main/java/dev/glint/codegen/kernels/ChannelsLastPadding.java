package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;

/**
 * Copies an image that is already channels-last ({@code [row][column][channel]}, a channel range of a
 * wider tensor allowed) into the padded channels-last buffer a matrix-product convolution reads
 * ({@code [padded row][padded column][padded channel]}), transforming each element
 * ({@link ElementTransform}) and writing the padding value around the image and into the channels past
 * the real ones. No transpose: each position's channels are one contiguous run in both, simple loops that
 * LLVM vectorizes. (From a channels-first image, {@link ChannelsLastCopy} transposes instead.)
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

    /**
     * Emits padded rows {@code [from, to)} (i64 values): {@code src} points at the image's first element
     * (row 0, column 0, the first channel copied), {@code dst} at the padded buffer; {@code padSource} is
     * the padding value in the source type. Disjoint row ranges write disjoint bytes (threads may share).
     */
    void emit(FunctionWriter f, String src, String dst, String padSource, String from, String to) {
        String s = transform.source();
        String d = transform.destination();
        String pad = transform.apply(f, 0, padSource);
        f.loop("prow", from, to, row -> {
            String rowStart = f.mul("i64", row, Long.toString(paddedW * paddedChannels));
            String ih = f.sub("i64", row, Long.toString(top));
            // unsigned: rows above the image wrap to large values and fail the test too
            String inside = f.icmp("ult", "i64", ih, Long.toString(rows));
            String fillFrom = f.select(inside, "i64", Long.toString(left * paddedChannels), "0");
            String fillTo = f.select(inside, "i64", Long.toString((left + columns) * paddedChannels), "0");
            // the left border (or, outside the image, nothing here: the whole row is the right "border")
            f.loop("fill", "0", fillFrom, i -> f.store(d, pad, f.gep(d, dst, f.add("i64", rowStart, i))));
            f.loop("fill", fillTo, Long.toString(paddedW * paddedChannels),
                    i -> f.store(d, pad, f.gep(d, dst, f.add("i64", rowStart, i))));
            f.ifThen("image", inside, () -> f.loop("col", 0, columns, col -> {
                String source = f.add("i64", f.mul("i64", ih, Long.toString(sourceRowStride)),
                        f.mul("i64", col, Long.toString(sourcePositionStride)));
                String position = f.add("i64", rowStart, f.mul("i64", f.add("i64", col, Long.toString(left)),
                        Integer.toString(paddedChannels)));
                f.loop("c", 0, channels, c -> f.store(d, transform.apply(f, 0, f.load(s, f.gep(s, src, f.add("i64", source, c)))),
                        f.gep(d, dst, f.add("i64", position, c))));
                f.loop("c", channels, paddedChannels, c -> f.store(d, pad, f.gep(d, dst, f.add("i64", position, c))));
            }));
        });
    }
}
