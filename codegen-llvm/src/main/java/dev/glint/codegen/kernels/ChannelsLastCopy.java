package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * Copies an image plane from channels-first order ({@code [channel][row][column]}, as in NCHW) into a
 * padded channels-last buffer ({@code [padded row][padded column][padded channel]}), transforming each
 * element on the way ({@link ElementTransform}), with a padding value around the image and in the
 * channels that pad each position to {@code paddedChannels}. Matrix-product kernels read their
 * convolution's input this way (one position's channels contiguous).
 *
 * <p>The work is a transpose of {@code [channels][positions]}: the copy loads a block of
 * {@value BlockTranspose#VECTOR_BYTES} bytes of positions from each of up to as many channels,
 * transposes it in registers ({@link BlockTranspose}), transforms it and stores each position's channels
 * as one contiguous piece. Blocks go position block by position block, all channels each, so that the
 * source lines and the written destination stay in L1. Only the border and the channels past the
 * real ones are filled with the padding value; the rest is written once. A row narrower than one
 * vector of positions is copied element by element.
 *
 * <p>The code lives in one internal function per transform, shared by every layer of a module (like
 * {@link Int8GemmMicrokernel}); each layer emits one call with its geometry.
 */
final class ChannelsLastCopy {
    private final ElementTransform transform;

    ChannelsLastCopy(ElementTransform transform) {
        this.transform = transform;
    }

    /**
     * Where a plane comes from and goes to. The source holds {@code channels} channels
     * {@code channelStride} elements apart, each with {@code rows} rows {@code rowStride} elements apart
     * of {@code columns} elements (only these are copied). The destination plane has
     * {@code paddedH x paddedW} positions of {@code paddedChannels} elements; source element
     * {@code (c, r, x)} goes to position {@code (top + r, left + x)}, channel {@code c}. With no rows or
     * no columns the whole destination is padding.
     */
    record Plane(int channels, long channelStride, long rows, long columns, long rowStride, long paddedH,
            long paddedW, long top, long left, int paddedChannels) {
        Plane {
            boolean empty = rows == 0 || columns == 0;
            if (rows < 0 || columns < 0 || !empty && (top + rows > paddedH || left + columns > paddedW)
                    || channels > paddedChannels || channels < 1) {
                throw new IllegalArgumentException("plane does not fit: " + this);
            }
        }
    }

    /** The shared function's name: states the transform. */
    String name() {
        return "glint.channels_last." + transform.name();
    }

    /**
     * Emits the copy of one plane: {@code src} points at the plane's first element (channel 0, row 0,
     * column 0), {@code dst} at the padded buffer; {@code padSource} is the padding value in the source
     * type, transformed like the elements.
     */
    void emit(FunctionWriter f, String src, String dst, Plane p, String padSource) {
        emitPart(f, src, dst, p, padSource, "0", 1);
    }

    /**
     * Emits part {@code part} (an i64 value in {@code [0, parts)}) of the copy {@link #emit} writes: the
     * copied rows are split into {@code parts} contiguous ranges (the positions, when rows are merged),
     * and each part also fills the padding from its first row (the buffer's start, for part 0) to the
     * next part's first row (the buffer's end, for the last). Parts write disjoint bytes, so threads may
     * run them at once; together they write what {@link #emit} does.
     */
    void emitPart(FunctionWriter f, String src, String dst, Plane p, String padSource, String part, int parts) {
        String function = defineIn(f.module());
        // rows that are contiguous in both layouts are copied as one long row (1x1 convolutions, no padding)
        boolean empty = p.rows() == 0 || p.columns() == 0;
        boolean merge = !empty && p.columns() == p.paddedW() && p.rowStride() == p.columns();
        long rows = empty ? 0 : merge ? 1 : p.rows();
        long width = empty ? 0 : merge ? p.rows() * p.columns() : p.columns();
        long first = p.top() * p.paddedW() + p.left();
        long total = p.paddedH() * p.paddedW();
        // what a part splits: merged positions, else rows; a unit is this many source elements and positions
        long units = merge ? width : rows;
        long sourceStep = merge ? 1 : p.rowStride();
        long positionStep = merge ? 1 : p.paddedW();
        String begin = share(f, units, part, parts);
        String end = share(f, units, f.add("i64", part, "1"), parts);
        String from = f.gep(transform.source(), src, f.mul("i64", begin, Long.toString(sourceStep)));
        String firstPosition = f.add("i64", Long.toString(first), f.mul("i64", begin, Long.toString(positionStep)));
        String endPosition = f.add("i64", Long.toString(first), f.mul("i64", end, Long.toString(positionStep)));
        String lo = f.select(f.icmp("eq", "i64", part, "0"), "i64", "0", firstPosition);
        String hi = f.select(f.icmp("eq", "i64", part, Integer.toString(parts - 1)), "i64", Long.toString(total), endPosition);
        String count = f.sub("i64", end, begin);
        f.call("void", function, "ptr " + from, "i64 " + p.channelStride(), "i64 " + p.rowStride(), "ptr " + dst,
                "i64 " + firstPosition, "i64 " + p.paddedW(), "i64 " + lo, "i64 " + hi,
                "i64 " + (merge ? "1" : count), "i64 " + (merge ? count : Long.toString(width)),
                "i64 " + p.channels(), "i64 " + p.paddedChannels(), transform.source() + " " + padSource);
    }

    /** {@code units * k / parts}: where share {@code k} of {@code units} split {@code parts} ways begins. */
    private static String share(FunctionWriter f, long units, String k, int parts) {
        return f.assign("share", "udiv i64 " + f.mul("i64", k, Long.toString(units)) + ", " + parts);
    }

    /**
     * Emits the copy of {@code rows} rows of {@code channels} contiguous elements ({@code [row][channel]},
     * already channels-last) into rows of {@code paddedChannels} elements, the rest of each row padding:
     * simple loops, which LLVM vectorizes (fully connected layers, a few rows).
     */
    void emitRows(FunctionWriter f, String src, String dst, long rows, int channels, int paddedChannels,
            String padSource) {
        String s = transform.source();
        String d = transform.destination();
        String pad = transform.apply(f, 0, padSource);
        f.loop("row", 0, rows, row -> {
            String from = f.mul("i64", row, Integer.toString(channels));
            String to = f.mul("i64", row, Integer.toString(paddedChannels));
            f.loop("c", 0, channels, c -> f.store(d, transform.apply(f, 0, f.load(s, f.gep(s, src, f.add("i64", from, c)))),
                    f.gep(d, dst, f.add("i64", to, c))));
            f.loop("c", channels, paddedChannels, c -> f.store(d, pad, f.gep(d, dst, f.add("i64", to, c))));
        });
    }

    /** Defines the shared function in {@code module} unless it is there already; returns its name. */
    String defineIn(IrModule module) {
        String name = name();
        if (!module.defines(name)) {
            FunctionWriter f = module.function("internal", "void", name, List.of(
                    new Param("ptr", "src", "noalias nocapture readonly"), i64("channelStride"), i64("rowStride"),
                    new Param("ptr", "dst", "noalias nocapture"), i64("first"), i64("pitch"), i64("lo"), i64("hi"),
                    i64("rows"), i64("width"), i64("channels"), i64("padded"), new Param(transform.source(), "pad", "")),
                    "nounwind noinline");
            new Body(f).write();
        }
        return name;
    }

    private static Param i64(String name) {
        return new Param("i64", name, "");
    }

    /** The shared function's body; parameters as named in {@link #defineIn}. */
    private final class Body {
        private final FunctionWriter f;
        private final String s = transform.source();
        private final String d = transform.destination();
        private final int sourceBytes = transform.sourceBytes();
        /** Positions per block: one vector of source elements. */
        private final int n = BlockTranspose.elementsPerVector(sourceBytes);
        private String padDestination;
        private String padVector;

        Body(FunctionWriter f) {
            this.f = f;
        }

        void write() {
            padDestination = transform.apply(f, 0, "%pad");
            padVector = f.convert("bitcast", Ir.vec(n, s), f.broadcast(Ir.vec(n, s), "%pad"), BlockTranspose.BYTES);
            fillBorder();
            f.loop("row", "0", "%rows", LoopHints.KEEP, row -> {
                String from = f.gep(s, "%src", f.mul("i64", row, "%rowStride"));
                String position = f.add("i64", "%first", f.mul("i64", row, "%pitch"));
                String to = f.gep(d, "%dst", f.mul("i64", position, "%padded"));
                copyRow(from, to);
            });
            f.retVoid();
        }

        /**
         * Fills the positions outside the copied rows: gap {@code r} runs from the end of row
         * {@code r - 1} (or position {@code %lo}) to the start of row {@code r} (or position {@code %hi}).
         */
        private void fillBorder() {
            String rowsPlusOne = f.add("i64", "%rows", "1");
            f.loop("gap", "0", rowsPlusOne, LoopHints.KEEP, r -> {
                String previousEnd = f.add("i64", f.add("i64", "%first", f.mul("i64", f.sub("i64", r, "1"), "%pitch")), "%width");
                String begin = f.select(f.icmp("eq", "i64", r, "0"), "i64", "%lo", previousEnd);
                String rowStart = f.add("i64", "%first", f.mul("i64", r, "%pitch"));
                String end = f.select(f.icmp("eq", "i64", r, "%rows"), "i64", "%hi", rowStart);
                f.loop("fill", f.mul("i64", begin, "%padded"), f.mul("i64", end, "%padded"),
                        i -> f.store(d, padDestination, f.gep(d, "%dst", i)));
            });
        }

        /** Copies one row of {@code %width} positions, all channels, from {@code from} to {@code to}. */
        private void copyRow(String from, String to) {
            String wide = f.icmp("sge", "i64", "%width", Integer.toString(n));
            f.ifThen("wide", wide, () -> {
                String blocks = f.assign("div", "udiv i64 " + f.add("i64", "%width", Integer.toString(n - 1)) + ", " + n);
                String last = f.sub("i64", "%width", Integer.toString(n));
                f.loop("pblock", "0", blocks, LoopHints.KEEP, b -> {
                    // the last block overlaps the one before rather than running past the row
                    String p0 = f.smin("i64", f.mul("i64", b, Integer.toString(n)), last);
                    String full = f.assign("div", "udiv i64 %channels, " + n);
                    f.loop("cblock", "0", full, LoopHints.KEEP,
                            cb -> block(from, to, n, f.mul("i64", cb, Integer.toString(n)), p0, false));
                    // the rest of the padded channels, in blocks of n/2, n/4... (the bits of the rest)
                    String done = f.mul("i64", full, Integer.toString(n));
                    String rest = f.sub("i64", "%padded", done);
                    for (int k = n; k >= 1; k /= 2) {
                        int size = k;
                        String bit = f.assign("bit", "and i64 " + rest + ", " + size);
                        f.ifThen("bit", f.icmp("ne", "i64", bit, "0"), () -> {
                            String before = f.assign("before", "and i64 " + rest + ", " + -2L * size);
                            block(from, to, size, f.add("i64", done, before), p0, true);
                        });
                    }
                });
            });
            f.ifThen("narrow", f.icmp("slt", "i64", "%width", Integer.toString(n)), () -> f.loop("p", "0", "%width", p -> {
                String position = f.mul("i64", p, "%padded");
                f.loop("c", "0", "%channels", LoopHints.unrollBy(4), c -> {
                    String x = f.load(s, f.gep(s, from, f.add("i64", f.mul("i64", c, "%channelStride"), p)));
                    f.store(d, transform.apply(f, 0, x), f.gep(d, to, f.add("i64", position, c)));
                });
                f.loop("c", "%channels", "%padded", c -> f.store(d, padDestination, f.gep(d, to, f.add("i64", position, c))));
            }));
        }

        /**
         * Copies channels {@code [c0, c0 + k)} of positions {@code [p0, p0 + n)}. With {@code masked},
         * channels past the real ones take the padding value (their loads read the last real channel,
         * so that no load leaves the source).
         */
        private void block(String from, String to, int k, String c0, String p0, boolean masked) {
            String[] rows = new String[k];
            String lastChannel = masked ? f.sub("i64", "%channels", "1") : null;
            for (int r = 0; r < k; r++) {
                String c = f.add("i64", c0, Integer.toString(r));
                String read = masked ? f.smin("i64", c, lastChannel) : c;
                String v = f.load(Ir.vec(n, s), f.gep(s, from, f.add("i64", f.mul("i64", read, "%channelStride"), p0)), 1);
                rows[r] = f.convert("bitcast", Ir.vec(n, s), v, BlockTranspose.BYTES);
                if (masked) {
                    String real = f.icmp("slt", "i64", c, "%channels");
                    rows[r] = f.assign("sel", "select i1 " + real + ", " + BlockTranspose.BYTES + " " + rows[r] + ", "
                            + BlockTranspose.BYTES + " " + padVector);
                }
            }
            String[] columns = BlockTranspose.transpose(f, rows, sourceBytes);
            int perVector = n / k;
            String piece = Ir.vec(k, d);
            for (int j = 0; j < k; j++) {
                String values = transform.apply(f, n, f.convert("bitcast", BlockTranspose.BYTES, columns[j], Ir.vec(n, s)));
                for (int q = 0; q < perVector; q++) {
                    String position = f.add("i64", p0, Integer.toString(j * perVector + q));
                    String at = f.gep(d, to, f.add("i64", f.mul("i64", position, "%padded"), c0));
                    f.store(piece, perVector == 1 ? values : extract(values, n, q * k, k), at, 1);
                }
            }
        }

        /** Elements {@code [from, from + count)} of {@code <lanes x d>} {@code vector}. */
        private String extract(String vector, int lanes, int from, int count) {
            StringBuilder mask = new StringBuilder("<");
            for (int i = 0; i < count; i++) {
                mask.append(i == 0 ? "" : ", ").append("i32 ").append(from + i);
            }
            String type = Ir.vec(lanes, d);
            return f.assign("piece", "shufflevector " + type + " " + vector + ", " + type + " poison, "
                    + Ir.vec(count, "i32") + " " + mask.append('>'));
        }
    }
}
