package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.codegen.memory.Alignment;
import dev.glint.ir.Node;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Convolution and fully connected layers with constant weights as an indirect matrix product (see
 * {@link MatrixView}) on a shared {@link GemmMicrokernel}; subclasses say what the elements are
 * ({@link DotProductKernel} for int8, {@link FloatIndirectGemmKernel} for float).
 *
 * <p>At compile time the weights are packed tap-major into the tile's layout
 * {@code [group][oc / lanes][tap][channel word][lanes][elements per word]} (zeros past the last channel
 * and channel word), with the accumulator start values and the arithmetic's epilogue tables beside them.
 *
 * <p>There is no im2col copy: each (image, group)'s input is first reordered channels-last, padded
 * around with the padding value and to whole words of channels ({@code [h][w][channel]}), and the
 * microkernel reads a tile's rows in place through compile-time tables of row and tap byte offsets.
 * Where a tap's channels would not fill a word (a first layer's 1 or 3), positions are not padded and
 * each kernel row's taps are read as one run of words instead ({@link ReductionOrder}).
 * Both layout copies are blocked transposes in functions shared by every layer
 * ({@link ChannelsLastCopy} in, {@link ChannelsFirstCopy} out). The
 * tiles are blocked for the caches: a block of row tiles meets every channel chunk before the next block
 * starts (the chunk's weights stay in L1 or L2 while the block's tiles pass). Results go to a
 * {@code [row][channel]} staging area and a plain loop copies each block's rows into the output's layout.
 * With threads, the threads claim blocks of row tiles (a few per thread), each computing and copying
 * out its own rows; a single row of tiles (a batch-1 fully connected layer) is split by channel chunks
 * instead. No two threads write the same bytes, so results do not depend on the thread count.
 *
 * <p>A convolution may read and write its activations channels-last ({@link Layouts}): its input copy is
 * then a padding copy without transpose ({@link ChannelsLastPadding}), or none at all when the input needs
 * neither padding nor a transform (an unpadded float convolution, e.g. 1x1: the microkernel reads the
 * input tensor in place), and its results are copied out as rows.
 */
abstract class IndirectGemmKernel extends PackedWeightsKernel {
    /** Bytes of packed activations a block of row tiles may take (about a quarter of a typical L2). */
    private static final long ROW_BLOCK_BYTES = 128 * 1024;
    /**
     * Multiply-adds a thread must get for the layer to be split: handing a loop to the call's waiting
     * {@link ThreadTeam} and waiting for it costs about a microsecond, a few percent of this much work.
     */
    static final long MIN_MACS_PER_THREAD = 1 << 17;
    /** Elements of the channels-last input a thread must get for the copy to be split (a few microseconds). */
    private static final long MIN_COPY_ELEMENTS_PER_THREAD = 1 << 15;

    final MatrixView view;
    final Node node;
    final TileArithmetic arithmetic;
    final TileShape shape;
    /** The reads of the reduction (taps, or kernel rows as runs) and the words of each. */
    final ReductionOrder order;
    private final int words;
    final int blocks;
    private final int rowTiles;
    private final int tilesPerBlock;
    /** The channels-last input's padded extents (rows x 1 for a fully connected layer). */
    private final int paddedH;
    private final int paddedW;
    /** How the input and output are stored. */
    final Layouts layouts;

    /**
     * A tile of {@code rows} activation rows by {@code blocks} accumulator vectors: enough independent
     * accumulators to hide the multiply-accumulate latency, few enough to stay in the registers (with the
     * weight vectors and one broadcast activation word).
     */
    record TileShape(int rows, int blocks) {
        /** 12 accumulators of 16 vector registers. */
        static final TileShape SIXTEEN_REGISTERS = new TileShape(6, 2);
        /** 16 accumulators of 32 vector registers. */
        static final TileShape THIRTY_TWO_REGISTERS = new TileShape(8, 2);

        /**
         * This shape for a product of {@code rows} rows: with fewer rows than the tile (a fully connected
         * layer at batch 1), a tile of the rows that exist and wider in channels, so that no work is done
         * for rows that do not exist (still within 16 registers: 2 rows x 4 blocks, 4 weight vectors and
         * one broadcast).
         */
        TileShape fitting(int rows) {
            return rows >= this.rows ? this : new TileShape(rows, rows <= 2 ? 4 : blocks);
        }
    }

    IndirectGemmKernel(MatrixView view, TileArithmetic arithmetic, TileShape shape) {
        this(view, arithmetic, shape, Layouts.CHANNELS_FIRST);
    }

    private IndirectGemmKernel(MatrixView view, TileArithmetic arithmetic, TileShape shape, Layouts layouts) {
        this.view = view;
        this.node = view.node;
        this.arithmetic = arithmetic;
        this.shape = shape.fitting(view.rows);
        Window2d w = view.window;
        this.order = ReductionOrder.of(view, arithmetic.group());
        this.words = order.words();
        this.blocks = (view.channels + arithmetic.lanes() - 1) / arithmetic.lanes();
        this.rowTiles = (view.rows + this.shape.rows() - 1) / this.shape.rows();
        this.paddedH = w == null ? view.rows : (w.out[0] - 1) * w.stride[0] + (w.kernel[0] - 1) * w.dilation[0] + 1;
        this.paddedW = w == null ? 1 : (w.out[1] - 1) * w.stride[1] + (w.kernel[1] - 1) * w.dilation[1] + 1;
        long tileBytes = (long) this.shape.rows() * words * 4;
        this.tilesPerBlock = (int) Math.max(1, Math.min(rowTiles, ROW_BLOCK_BYTES / tileBytes));
        this.layouts = layouts;
    }

    /**
     * {@code other}'s layer with another arithmetic of the same element layout (e.g. a clamp added): the
     * same geometry, layouts and packed data.
     */
    IndirectGemmKernel(IndirectGemmKernel other, TileArithmetic arithmetic) {
        this(other, arithmetic, other.layouts);
    }

    /** {@code other}'s layer and packed data with its operands stored as {@code layouts} says. */
    IndirectGemmKernel(IndirectGemmKernel other, Layouts layouts) {
        this(other, other.arithmetic, layouts);
    }

    /** The geometry derived again (a fitted tile shape fits itself), the packed data shared. */
    private IndirectGemmKernel(IndirectGemmKernel other, TileArithmetic arithmetic, Layouts layouts) {
        this(other.view, arithmetic, other.shape, layouts);
        this.blobs.putAll(other.blobs);
    }

    /** A convolution reads its 4-D input channels-last as well (a fully connected layer's is 2-D). */
    @Override
    public boolean canReadChannelsLast(int index) {
        return index == 0 && view.window != null && node.input(0).type().rank() == 4;
    }

    @Override
    public boolean canWriteChannelsLast() {
        return view.window != null && node.type().rank() == 4;
    }

    /**
     * Whether the microkernel reads the input tensor in place: channels-last, one group, elements as
     * they are, whole words of channels and no padding within the window's reach.
     */
    private boolean readsInPlace() {
        Window2d w = view.window;
        return layouts.input(0) && !order.rowRuns() && view.groups == 1
                && packing().source().equals(packing().destination()) && packing().add() == 0
                && order.positionElements() == order.tapChannels()
                && w.padBegin[0] == 0 && w.padBegin[1] == 0 && paddedH <= w.in[0] && paddedW <= w.in[1];
    }

    /** For descriptions: the operands stored channels-last and read or written in place, if any. */
    String layoutDescription() {
        if (layouts.allChannelsFirst()) {
            return "";
        }
        String in = layouts.input(0) ? readsInPlace() ? "NHWC in (read in place)" : "NHWC in" : "NCHW in";
        String out = layouts.channelsLastOutput() ? writesInPlace() ? "NHWC out (tiles in place)" : "NHWC out" : "NCHW out";
        return ", " + in + ", " + out;
    }

    /** For descriptions: how the reduction is read, when kernel rows are read as runs. */
    String readDescription() {
        return order.rowRuns() ? ", kernel rows read as runs of " + order.wordsPerRead() + " words" : "";
    }

    /** Positions from one row of the input the microkernel reads to the next. */
    private long rowPitch() {
        return readsInPlace() ? view.window.in[1] : paddedW;
    }

    // ---- what the elements are ----

    /** Writes weight element {@code index} of the node's weights (-1: a zero filling the layout). */
    abstract void putWeight(ByteBuffer packed, int index);

    /** Writes the accumulator start value of output channel {@code channel} (-1: a lane past the last). */
    abstract void putStart(ByteBuffer start, int channel);

    /** Writes channel {@code channel}'s value of each epilogue table (-1: a lane past the last). */
    void putEpilogue(List<ByteBuffer> tables, int channel) {
    }

    /** How an input element becomes a packed activation element. */
    abstract ElementTransform packing();

    /**
     * The input value (before {@link #packing}) whose packed form fills the padding around the input and
     * the channels that complete the last word.
     */
    abstract String paddingSource();

    /** The microkernel's epilogue scalars as typed operands, e.g. {@code i32 3}. */
    List<String> epilogueScalars() {
        return List.of();
    }

    // ---- sizes ----

    private int paddedRows() {
        return rowTiles * shape.rows();
    }

    /** Bytes of one input position in the channels-last input copy. */
    private long positionBytes() {
        return (long) order.positionElements() * arithmetic.elementBytes();
    }

    /**
     * Bytes of the channels-last input copy (none when the input is read in place); with row runs, one
     * word more, which the last run's last word may reach into.
     */
    private long inputBytes() {
        return readsInPlace() ? 0 : (long) paddedH * paddedW * positionBytes() + (order.rowRuns() ? 4 : 0);
    }

    /** The channels-last input, then (aligned) the staging area {@code [padded rows][blocks * lanes]} of results. */
    @Override
    public long scratchBytes() {
        return Alignment.up(inputBytes()) + (long) paddedRows() * blocks * arithmetic.lanes() * arithmetic.storedBytes();
    }

    /** Packs weights, start values and epilogue tables, each {@code [groups][blocks][...][lanes]}; call once. */
    final void packConstants() {
        int lanes = arithmetic.lanes();
        int group = arithmetic.group();
        int depth = view.depth;
        int channels = view.channels;
        ByteBuffer packed = little(view.groups * blocks * words * lanes * group * arithmetic.elementBytes());
        ByteBuffer start = little(view.groups * blocks * lanes * 4);
        List<ByteBuffer> tables = new ArrayList<>();
        for (int t = 0; t < arithmetic.epilogueTables().size(); t++) {
            tables.add(little(view.groups * blocks * lanes * 4));
        }
        for (int g = 0; g < view.groups; g++) {
            for (int b = 0; b < blocks; b++) {
                for (int word = 0; word < words; word++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        int oc = b * lanes + lane;
                        for (int j = 0; j < group; j++) {
                            int k = order.index(word / order.wordsPerRead(), word % order.wordsPerRead() * group + j);
                            putWeight(packed, oc < channels && k >= 0 ? (g * channels + oc) * depth + k : -1);
                        }
                    }
                }
                for (int lane = 0; lane < lanes; lane++) {
                    int oc = b * lanes + lane;
                    int channel = oc < channels ? g * channels + oc : -1;
                    putStart(start, channel);
                    putEpilogue(tables, channel);
                }
            }
        }
        blobs.put("weights", packed.array());
        blobs.put("start", start.array());
        for (int t = 0; t < tables.size(); t++) {
            blobs.put(arithmetic.epilogueTables().get(t), tables.get(t).array());
        }
    }


    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        int lanes = arithmetic.lanes();
        long vectorsBytes = (long) blocks * lanes * 4;
        long weightBytes = (long) blocks * words * lanes * arithmetic.group() * arithmetic.elementBytes();
        String staging = f.gep("i8", ctx.scratch(), Long.toString(Alignment.up(inputBytes())));
        long stagingRow = (long) blocks * lanes;
        String name = Ir.sanitize(node.name());
        String rowBase = ctx.module().longTable(name + ".rows", rowOffsets());
        String tapOffset = ctx.module().longTable(name + ".taps", tapOffsets());
        int threads = ctx.threads().forWork((long) view.rows * view.depth * view.channels, MIN_MACS_PER_THREAD);
        // with threads, a few blocks of row tiles per thread, so that a faster thread can claim more of them
        int blocksWanted = threads == 1 ? 1 : threads * ParallelFor.CHUNKS_PER_THREAD;
        int perBlock = Math.min(tilesPerBlock, (rowTiles + blocksWanted - 1) / blocksWanted);
        int rowBlocks = (rowTiles + perBlock - 1) / perBlock;
        List<String> tableNames = new ArrayList<>(List.of("start"));
        tableNames.addAll(arithmetic.epilogueTables());
        f.loop("n", 0, view.batch, n -> f.loop("g", 0, view.groups, g -> {
            String input = readsInPlace()
                    ? f.gep("i8", ctx.input(0), f.mul("i64", n, Long.toString((long) view.window.inPlane() * positionBytes())))
                    : reorderInput(ctx, n, g);
            List<String> captured = new ArrayList<>(List.of("ptr " + input, "ptr " + ctx.output(),
                    "ptr " + staging, "ptr " + f.gep("i8", ctx.blob("weights"), f.mul("i64", g, Long.toString(weightBytes)))));
            for (String table : tableNames) {
                captured.add("ptr " + f.gep("i8", ctx.blob(table), f.mul("i64", g, Long.toString(vectorsBytes))));
            }
            captured.add("i64 " + n);
            captured.add("i64 " + g);
            if (threads > 1 && rowTiles == 1 && chunks() > 1) {
                // one row of tiles (a batch-1 fully connected layer): the threads share the channel chunks,
                // each writing its own columns of the staging rows, which are copied out once all are done
                int tables = tableNames.size();
                ParallelFor.emit(ctx, threads, "chunk", chunks(), captured, (t, k, thread, v) -> new Tiles(t, v.get(0),
                        v.get(2), null, rowBase, tapOffset, v.get(3), v.subList(4, 4 + tables)).chunk(k));
                view.copyOut(f, n, g, staging, stagingRow, ctx.output(), node.type().kind(), "0", Integer.toString(view.rows),
                        layouts.channelsLastOutput());
                return;
            }
            // each block of row tiles computes and copies out its own rows: no two threads write the same bytes
            ParallelFor.emit(ctx, threads, "rowblock", rowBlocks, captured, (t, rb, thread, v) -> {
                int tables = tableNames.size();
                String image = writesInPlace() ? t.gep("i8", v.get(1), t.mul("i64", v.get(4 + tables),
                        Long.toString((long) view.rows * stagingRow * arithmetic.storedBytes()))) : null;
                Tiles tiles = new Tiles(t, v.get(0), v.get(2), image, rowBase, tapOffset, v.get(3), v.subList(4, 4 + tables));
                String first = t.mul("i64", rb, Integer.toString(perBlock));
                String end = t.smin("i64", t.add("i64", first, Integer.toString(perBlock)), Integer.toString(rowTiles));
                tiles.rowBlock(first, end);
                String rowTo = t.smin("i64", t.mul("i64", end, Integer.toString(shape.rows())), Integer.toString(view.rows));
                String rowFrom = t.mul("i64", first, Integer.toString(shape.rows()));
                if (image != null) {
                    // only the rows of the last, partial tile went to staging
                    rowFrom = t.smin("i64", t.smax("i64", rowFrom, Long.toString(wholeTiles() * shape.rows())), rowTo);
                }
                view.copyOut(t, v.get(4 + tables), v.get(5 + tables), v.get(2), stagingRow, v.get(1), node.type().kind(),
                        rowFrom, rowTo, layouts.channelsLastOutput());
            });
        }));
        f.retVoid();
    }

    /**
     * Whether whole row tiles store their results straight into the output: channels-last, one group,
     * and output rows laid out exactly as staging rows (the channels a whole number of vectors).
     */
    private boolean writesInPlace() {
        return layouts.channelsLastOutput() && view.groups == 1 && (long) blocks * arithmetic.lanes() == view.channels
                && arithmetic.storedBytes() == node.type().kind().bytes();
    }

    /** Row tiles whose rows all exist (the last tile of a product may be partial). */
    private int wholeTiles() {
        return view.rows / shape.rows();
    }

    /** Chunks of channel blocks a row tile is computed in: the full tile width, then the rest if any. */
    private int chunks() {
        return blocks / shape.blocks() + (blocks % shape.blocks() > 0 ? 1 : 0);
    }

    /** Byte offset of each (padded) row's first tap in the channels-last input; rows past the end read row 0. */
    private long[] rowOffsets() {
        long[] offsets = new long[paddedRows()];
        Window2d w = view.window;
        for (int row = 0; row < view.rows; row++) {
            long position = w == null ? row
                    : (long) (row / w.out[1]) * w.stride[0] * rowPitch() + (long) (row % w.out[1]) * w.stride[1];
            offsets[row] = position * positionBytes();
        }
        return offsets;
    }

    /** Byte offset of each read (a tap, or a kernel row's first tap) relative to its row's first tap. */
    private long[] tapOffsets() {
        long[] offsets = new long[order.reads()];
        Window2d w = view.window;
        for (int t = 0; w != null && t < order.reads(); t++) {
            int[] tap = order.firstTap(t);
            offsets[t] = ((long) tap[0] * w.dilation[0] * rowPitch() + (long) tap[1] * w.dilation[1]) * positionBytes();
        }
        return offsets;
    }

    /**
     * Writes image {@code n}, group {@code g}'s input channels-last into scratch as packed elements, with
     * the padding value around it and in the channels that fill the last word ({@link ChannelsLastCopy},
     * or {@link ChannelsLastPadding} from a channels-last input); returns the scratch pointer.
     */
    private String reorderInput(KernelContext ctx, String n, String g) {
        FunctionWriter f = ctx.f();
        ChannelsLastCopy copy = new ChannelsLastCopy(packing());
        int tapChannels = order.tapChannels();
        String padSource = paddingSource();
        int channelsPadded = order.positionElements();
        Window2d w = view.window;
        if (w == null) {
            copy.emitRows(f, ctx.input(0), ctx.scratch(), view.rows, tapChannels, channelsPadded, padSource);
            return ctx.scratch();
        }
        // input positions past the padded extent are never read
        long ihEnd = Math.max(0, Math.min(w.in[0], paddedH - w.padBegin[0]));
        long iwEnd = Math.max(0, Math.min(w.in[1], paddedW - w.padBegin[1]));
        long totalChannels = node.input(0).type().dim(1);
        int parts = ctx.threads().forWork((long) paddedH * paddedW * channelsPadded, MIN_COPY_ELEMENTS_PER_THREAD);
        if (layouts.input(0)) {
            ChannelsLastPadding padding = new ChannelsLastPadding(packing(), tapChannels, totalChannels, ihEnd, iwEnd,
                    (long) w.in[1] * totalChannels, paddedW, w.padBegin[0], w.padBegin[1], channelsPadded);
            String first = f.madd(f.mul("i64", n, Long.toString(w.inPlane() * totalChannels)), g, tapChannels);
            String src = f.gep(packing().source(), ctx.input(0), first);
            ParallelFor.ranges(ctx, parts, "pad", paddedH, List.of("ptr " + src, "ptr " + ctx.scratch()),
                    (t, from, to, v) -> padding.emit(t, v.get(0), v.get(1), padSource, from, to));
            return ctx.scratch();
        }
        String firstChannel = f.madd(f.mul("i64", g, Integer.toString(tapChannels)), n, totalChannels);
        String src = f.gep(packing().source(), ctx.input(0), f.mul("i64", firstChannel, Long.toString(w.inPlane())));
        ChannelsLastCopy.Plane plane = new ChannelsLastCopy.Plane(tapChannels, w.inPlane(), ihEnd, iwEnd, w.in[1],
                paddedH, paddedW, w.padBegin[0], w.padBegin[1], channelsPadded);
        // the copy is split by rows too: serial, it was a tenth of a 2-thread MobileNetV2, and each thread's
        // rows then tend to be in the cache of the thread that reads them
        ParallelFor.emit(ctx, parts, "copy", parts, List.of("ptr " + src, "ptr " + ctx.scratch()),
                (t, part, thread, v) -> copy.emitPart(t, v.get(0), v.get(1), plane, padSource, part, parts));
        return ctx.scratch();
    }

    /** The matrix product of one (image, group), as microkernel calls writing into staging. */
    private final class Tiles {
        private final FunctionWriter f;
        private final String input;
        private final String staging;
        /** The image's output when whole tiles write there directly ({@link #writesInPlace}), else null. */
        private final String image;
        private final String rowBase;
        private final String tapOffset;
        private final String weights;
        /** The group's start values, then its epilogue tables. */
        private final List<String> tables;

        Tiles(FunctionWriter f, String input, String staging, String image, String rowBase, String tapOffset,
                String weights, List<String> tables) {
            this.f = f;
            this.input = input;
            this.staging = staging;
            this.image = image;
            this.rowBase = rowBase;
            this.tapOffset = tapOffset;
            this.weights = weights;
            this.tables = tables;
        }

        /** Every row tile against channel chunk {@code k} (an i64 value below {@link #chunks()}). */
        void chunk(String k) {
            int full = blocks / shape.blocks();
            String end = Integer.toString(rowTiles);
            if (full > 0) {
                GemmMicrokernel mk = new GemmMicrokernel(arithmetic, shape.rows(), shape.blocks());
                mk.defineIn(f.module());
                f.ifThen("whole", f.icmp("slt", "i64", k, Integer.toString(full)), () -> {
                    String b0 = f.mul("i64", k, Integer.toString(shape.blocks()));
                    f.loop("tile", "0", end, LoopHints.KEEP, tile -> call(mk, tile, b0));
                });
            }
            int rest = blocks % shape.blocks();
            if (rest > 0) {
                GemmMicrokernel mk = new GemmMicrokernel(arithmetic, shape.rows(), rest);
                mk.defineIn(f.module());
                String b0 = Integer.toString(full * shape.blocks());
                f.ifThen("rest", f.icmp("eq", "i64", k, Integer.toString(full)),
                        () -> f.loop("tile", "0", end, LoopHints.KEEP, tile -> call(mk, tile, b0)));
            }
        }

        /** Row tiles {@code [first, end)} against every channel chunk, chunk by chunk. */
        void rowBlock(String first, String end) {
            int full = blocks / shape.blocks();
            if (full > 0) {
                GemmMicrokernel mk = new GemmMicrokernel(arithmetic, shape.rows(), shape.blocks());
                mk.defineIn(f.module());
                f.loop("chunk", 0, full, LoopHints.KEEP, chunk -> {
                    String b0 = f.mul("i64", chunk, Integer.toString(shape.blocks()));
                    f.loop("tile", first, end, LoopHints.KEEP, tile -> call(mk, tile, b0));
                });
            }
            int rest = blocks % shape.blocks();
            if (rest > 0) {
                GemmMicrokernel mk = new GemmMicrokernel(arithmetic, shape.rows(), rest);
                mk.defineIn(f.module());
                String b0 = Integer.toString(full * shape.blocks());
                f.loop("tile", first, end, LoopHints.KEEP, tile -> call(mk, tile, b0));
            }
        }

        private void call(GemmMicrokernel mk, String tile, String b0) {
            int lanes = arithmetic.lanes();
            long blockStride = (long) words * lanes * arithmetic.group() * arithmetic.elementBytes();
            int outBytes = arithmetic.storedBytes();
            long stagingRowBytes = (long) blocks * lanes * outBytes;
            String rows = f.gep("i64", rowBase, f.mul("i64", tile, Integer.toString(shape.rows())));
            String w = f.gep("i8", weights, f.mul("i64", b0, Long.toString(blockStride)));
            String vectors = f.mul("i64", b0, Long.toString(4L * lanes));
            List<String> blockTables = new ArrayList<>();
            for (String table : tables) {
                blockTables.add(f.gep("i8", table, vectors));
            }
            String base = image == null ? staging
                    : f.select(f.icmp("slt", "i64", tile, Integer.toString(wholeTiles())), "ptr", image, staging);
            String out = f.gep("i8", base, f.add("i64",
                    f.mul("i64", tile, Long.toString(shape.rows() * stagingRowBytes)),
                    f.mul("i64", b0, Long.toString((long) lanes * outBytes))));
            mk.call(f, input, rows, tapOffset, order.reads(), order.wordsPerRead(), w, blockStride, blockTables, out,
                    stagingRowBytes, epilogueScalars());
        }
    }
}
