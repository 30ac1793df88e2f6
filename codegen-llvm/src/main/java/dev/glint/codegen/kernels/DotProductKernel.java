package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.codegen.memory.Alignment;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Int8 convolution and fully connected layers on a dot-product instruction ({@link DotProductIsa}), as
 * matrix products (see {@link MatrixView}).
 *
 * <p>At compile time the weights are packed into the instruction's layout
 * {@code [oc / lanes][k / group][lanes][group]} (zeros past the last channel and reduction index), and
 * the bias absorbs the activation shift and offset: with packed activations {@code v = x + s} (the shift
 * {@code s} makes them fit the instruction's operand type) and padding holding {@code z_x + s},
 * {@code sum_k (x - z_x) w = sum_k v w - (z_x + s) sum_k w}, so each accumulator starts at
 * {@code bias - (z_x + s) * sum_k w}. The instructions accumulate exactly in int32, and this kernel is
 * only chosen where int32 sums are provably exact, so the accumulators equal the interpreter's; each
 * lane is then requantized per the numeric contract. Requires constant weights with offset 0
 * (symmetric) and a constant bias; otherwise the portable loops run.
 *
 * <p>There is no im2col copy: each (image, group)'s input is first reordered channels-last, padded
 * around with the padding value and to whole words of channels ({@code [h][w][channel]}), and the
 * shared {@link Int8GemmMicrokernel} reads a tile's rows in place through compile-time tables of row
 * and tap byte offsets (an indirect matrix product; the weights are packed tap-major to match). The
 * tiles are blocked for the caches: a block of row tiles meets every channel chunk before the next
 * block starts (the chunk's weights stay in L1 or L2 while the block's tiles pass). Results go to a
 * {@code [row][channel]} staging area, which each block of rows copies into the output's layout right
 * after computing it. Both layout copies are blocked transposes in registers, in functions shared by
 * every layer ({@link ChannelsLastCopy} in, {@link ChannelsFirstCopy} out).
 */
final class DotProductKernel implements Kernel {
    /** Bytes of packed activations a block of row tiles may take (about a quarter of a typical L2). */
    private static final long ROW_BLOCK_BYTES = 128 * 1024;

    private final MatrixView view;
    private final Node node;
    private final DotProductIsa isa;
    private final Requantizer rq;
    private final TileShape shape;
    /** Reduction steps that read different input positions: kernel taps (1 for a fully connected layer). */
    private final int taps;
    /** Reduction elements per tap: input channels per group (the depth for a fully connected layer). */
    private final int tapChannels;
    /** 32-bit words per tap, the channels padded to whole words. */
    private final int channelWords;
    private final int words;
    private final int blocks;
    private final int shift;
    private final int rowTiles;
    private final int tilesPerBlock;
    /** The channels-last input's padded extents (1 x rows for a fully connected layer). */
    private final int paddedH;
    private final int paddedW;
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    /**
     * A tile of {@code rows} activation rows by {@code blocks} accumulator vectors: enough independent
     * accumulators to keep the dot-product units busy, few enough to stay in the registers (with the
     * weight vectors and one broadcast activation word).
     */
    record TileShape(int rows, int blocks) {
        static TileShape of(DotProductIsa isa) {
            return switch (isa) {
                case AVX2, VNNI_256 -> new TileShape(6, 2); // 12 accumulators of 16 ymm registers
                case VNNI_512, EMULATED_VNNI, SDOT, EMULATED_SDOT -> new TileShape(8, 2); // 16 of 32 registers
            };
        }
    }

    DotProductKernel(MatrixView view, DotProductIsa isa, Requantizer rq) {
        this.view = view;
        this.node = view.node;
        this.isa = isa;
        this.rq = rq;
        this.shape = TileShape.of(isa);
        Window2d w = view.window;
        this.taps = w == null ? 1 : w.taps();
        this.tapChannels = view.depth / taps;
        this.channelWords = (tapChannels + isa.group() - 1) / isa.group();
        this.words = taps * channelWords;
        this.blocks = (view.channels + isa.lanes() - 1) / isa.lanes();
        this.shift = isa.activationShift(node.input(0).type().kind());
        this.rowTiles = (view.rows + shape.rows() - 1) / shape.rows();
        this.paddedH = w == null ? view.rows : (w.out[0] - 1) * w.stride[0] + (w.kernel[0] - 1) * w.dilation[0] + 1;
        this.paddedW = w == null ? 1 : (w.out[1] - 1) * w.stride[1] + (w.kernel[1] - 1) * w.dilation[1] + 1;
        long tileBytes = (long) shape.rows() * words * 4;
        this.tilesPerBlock = (int) Math.max(1, Math.min(rowTiles, ROW_BLOCK_BYTES / tileBytes));
        packConstants();
    }

    /** Whether the node has the form these kernels handle (else the portable loops run). */
    static boolean supports(Node node) {
        TensorType x = node.input(0).type();
        TensorType w = node.input(1).type();
        boolean inputOk = x.isQuantized() && x.quant().isPerTensor()
                && (x.kind() == ElemKind.INT8 || x.kind() == ElemKind.UINT8);
        boolean weightsOk = node.input(1) instanceof ConstantNode && w.kind() == ElemKind.INT8 && w.isQuantized();
        if (weightsOk) {
            for (int z : w.quant().offsets()) {
                weightsOk &= z == 0;
            }
        }
        boolean biasOk = node.numInputs() < 3 || node.input(2) instanceof ConstantNode;
        if (!(inputOk && weightsOk && biasOk && node.type().isQuantized() && node.type().quant().isPerTensor())) {
            return false;
        }
        // the instructions accumulate in int32: only where int32 sums are provably exact
        int channels = w.dim(0);
        return Accumulation.productSumBound(node, channels, w.numElements() / channels) <= Integer.MAX_VALUE;
    }

    @Override
    public String description() {
        return "int8 " + view.describe() + ", " + isa.description() + ", tiles " + shape.rows() + "x"
                + shape.blocks() * isa.lanes();
    }

    private int paddedRows() {
        return rowTiles * shape.rows();
    }

    /** Bytes of one input position's channels, padded to whole words. */
    private long positionBytes() {
        return (long) channelWords * 4;
    }

    /** Bytes of the channels-last input copy. */
    private long inputBytes() {
        return (long) paddedH * paddedW * positionBytes();
    }

    /** The channels-last input, then (aligned) the staging area {@code [padded rows][blocks * lanes]} of results. */
    @Override
    public long scratchBytes() {
        return Alignment.up(inputBytes()) + (long) paddedRows() * blocks * isa.lanes() * node.type().kind().bytes();
    }

    @Override
    public Map<String, byte[]> constantBlobs() {
        return blobs;
    }

    @Override
    public boolean readsInput(int index) {
        return index == 0; // weights and bias live in the packed data
    }

    /** Packed weights, accumulator start values and multipliers, each {@code [groups][blocks][...][lanes]}. */
    private void packConstants() {
        int lanes = isa.lanes();
        int group = isa.group();
        int depth = view.depth;
        int channels = view.channels;
        int[] w = ((ConstantNode) node.input(1)).value().ints();
        int[] bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().ints() : null;
        float[] m = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), view.totalChannels());
        int zx = node.input(0).type().quant().offset();
        ByteBuffer packed = little(view.groups * blocks * words * lanes * 4);
        ByteBuffer start = little(view.groups * blocks * lanes * 4);
        ByteBuffer mult = little(view.groups * blocks * lanes * 4);
        for (int g = 0; g < view.groups; g++) {
            for (int b = 0; b < blocks; b++) {
                for (int word = 0; word < words; word++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        int oc = b * lanes + lane;
                        int tap = word / channelWords;
                        for (int j = 0; j < group; j++) {
                            int c = word % channelWords * group + j;
                            // the node's reduction index runs channel-major: k = c * taps + tap
                            int v = oc < channels && c < tapChannels ? w[(g * channels + oc) * depth + c * taps + tap] : 0;
                            if (isa.elementBytes() == 1) {
                                packed.put((byte) v);
                            } else {
                                packed.putShort((short) v);
                            }
                        }
                    }
                }
                for (int lane = 0; lane < lanes; lane++) {
                    int oc = b * lanes + lane;
                    int acc0 = 0;
                    float multiplier = 1f;
                    if (oc < channels) {
                        int global = g * channels + oc;
                        int sum = 0;
                        for (int k = 0; k < depth; k++) {
                            sum += w[global * depth + k];
                        }
                        acc0 = (bias == null ? 0 : bias[global]) - (zx + shift) * sum;
                        multiplier = m[global];
                    }
                    start.putInt(acc0);
                    mult.putFloat(multiplier);
                }
            }
        }
        blobs.put("weights", packed.array());
        blobs.put("start", start.array());
        blobs.put("multipliers", mult.array());
    }

    private static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        int lanes = isa.lanes();
        long groupBytes = (long) blocks * lanes * 4;
        String staging = f.gep("i8", ctx.scratch(), Long.toString(Alignment.up(inputBytes())));
        long stagingRow = (long) blocks * lanes;
        String name = Ir.sanitize(node.name());
        String rowBase = ctx.module().longTable(name + ".rows", rowOffsets());
        String tapOffset = ctx.module().longTable(name + ".taps", tapOffsets());
        // with threads, at least one block of row tiles per thread
        int perBlock = Math.min(tilesPerBlock, (rowTiles + ctx.threads() - 1) / ctx.threads());
        int rowBlocks = (rowTiles + perBlock - 1) / perBlock;
        f.loop("n", 0, view.batch, n -> f.loop("g", 0, view.groups, g -> {
            reorderInput(ctx, n, g);
            List<String> captured = List.of("ptr " + ctx.scratch(), "ptr " + ctx.output(), "ptr " + staging,
                    "ptr " + f.gep("i8", ctx.blob("weights"), f.mul("i64", g, Long.toString(groupBytes * words))),
                    "ptr " + f.gep("i8", ctx.blob("start"), f.mul("i64", g, Long.toString(groupBytes))),
                    "ptr " + f.gep("i8", ctx.blob("multipliers"), f.mul("i64", g, Long.toString(groupBytes))),
                    "i64 " + n, "i64 " + g);
            // each block of row tiles computes and copies out its own rows: no two threads write the same bytes
            ParallelFor.emit(ctx, ctx.threads(), "rowblock", rowBlocks, captured, (t, rb, v) -> {
                Tiles tiles = new Tiles(t, v.get(0), v.get(2), rowBase, tapOffset, v.get(3), v.get(4), v.get(5));
                String first = t.mul("i64", rb, Integer.toString(perBlock));
                String end = t.smin("i64", t.add("i64", first, Integer.toString(perBlock)), Integer.toString(rowTiles));
                tiles.rowBlock(first, end);
                String rowTo = t.smin("i64", t.mul("i64", end, Integer.toString(shape.rows())), Integer.toString(view.rows));
                view.copyOut(t, v.get(6), v.get(7), v.get(2), stagingRow, v.get(1), node.type().kind(),
                        t.mul("i64", first, Integer.toString(shape.rows())), rowTo);
            });
        }));
        f.retVoid();
    }

    /** Byte offset of each (padded) row's first tap in the channels-last input; rows past the end read row 0. */
    private long[] rowOffsets() {
        long[] offsets = new long[paddedRows()];
        Window2d w = view.window;
        for (int row = 0; row < view.rows; row++) {
            long position = w == null ? row
                    : (long) (row / w.out[1]) * w.stride[0] * paddedW + (long) (row % w.out[1]) * w.stride[1];
            offsets[row] = position * positionBytes();
        }
        return offsets;
    }

    /** Byte offset of each tap relative to its row's first tap. */
    private long[] tapOffsets() {
        long[] offsets = new long[taps];
        Window2d w = view.window;
        for (int t = 0; w != null && t < taps; t++) {
            int kh = t / w.kernel[1];
            int kw = t % w.kernel[1];
            offsets[t] = ((long) kh * w.dilation[0] * paddedW + (long) kw * w.dilation[1]) * positionBytes();
        }
        return offsets;
    }

    /**
     * Writes image {@code n}, group {@code g}'s input channels-last into scratch as the instruction's
     * operands ({@code x + shift}, widened for int16 operands), with the padding value
     * ({@code z_x + shift}) around it and in the channels that fill the last word.
     */
    private void reorderInput(KernelContext ctx, String n, String g) {
        FunctionWriter f = ctx.f();
        ElemKind kind = node.input(0).type().kind();
        String elem = isa.elementBytes() == 1 ? "i8" : "i16";
        ElementTransform operands = elem.equals("i8") ? new ElementTransform("i8", "i8", "", shift)
                : new ElementTransform("i8", elem, kind == ElemKind.UINT8 ? "zext" : "sext", shift);
        ChannelsLastCopy copy = new ChannelsLastCopy(operands);
        String padSource = Long.toString(ElementTransform.wrapped(node.input(0).type().quant().offset(), "i8"));
        int channelsPadded = channelWords * isa.group();
        Window2d w = view.window;
        if (w == null) {
            copy.emitRows(f, ctx.input(0), ctx.scratch(), view.rows, tapChannels, channelsPadded, padSource);
            return;
        }
        // input positions past the padded extent are never read
        long ihEnd = Math.max(0, Math.min(w.in[0], paddedH - w.padBegin[0]));
        long iwEnd = Math.max(0, Math.min(w.in[1], paddedW - w.padBegin[1]));
        long totalChannels = node.input(0).type().dim(1);
        String firstChannel = f.madd(f.mul("i64", g, Integer.toString(tapChannels)), n, totalChannels);
        String src = f.gep("i8", ctx.input(0), f.mul("i64", firstChannel, Long.toString(w.inPlane())));
        copy.emit(f, src, ctx.scratch(), new ChannelsLastCopy.Plane(tapChannels, w.inPlane(), ihEnd, iwEnd, w.in[1],
                paddedH, paddedW, w.padBegin[0], w.padBegin[1], channelsPadded), padSource);
    }

    /** The matrix product of one (image, group), as microkernel calls writing into staging. */
    private final class Tiles {
        private final FunctionWriter f;
        private final String input;
        private final String staging;
        private final String rowBase;
        private final String tapOffset;
        private final String weights;
        private final String start;
        private final String multipliers;
        private final QuantRange yr;
        private final String outType = Ir.type(node.type().kind());

        Tiles(FunctionWriter f, String input, String staging, String rowBase, String tapOffset, String weights,
                String start, String multipliers) {
            this.f = f;
            this.input = input;
            this.staging = staging;
            this.rowBase = rowBase;
            this.tapOffset = tapOffset;
            this.weights = weights;
            this.start = start;
            this.multipliers = multipliers;
            this.yr = QuantRange.of(node.type(), node.op() + " node '" + node.name() + "'");
        }

        /** Row tiles {@code [first, end)} against every channel chunk, chunk by chunk. */
        void rowBlock(String first, String end) {
            int full = blocks / shape.blocks();
            if (full > 0) {
                Int8GemmMicrokernel mk = new Int8GemmMicrokernel(isa, shape.rows(), shape.blocks(), outType);
                mk.defineIn(f.module(), rq);
                f.loop("chunk", 0, full, LoopHints.KEEP, chunk -> {
                    String b0 = f.mul("i64", chunk, Integer.toString(shape.blocks()));
                    f.loop("tile", first, end, LoopHints.KEEP, tile -> call(mk, tile, b0));
                });
            }
            int rest = blocks % shape.blocks();
            if (rest > 0) {
                Int8GemmMicrokernel mk = new Int8GemmMicrokernel(isa, shape.rows(), rest, outType);
                mk.defineIn(f.module(), rq);
                String b0 = Integer.toString(full * shape.blocks());
                f.loop("tile", first, end, LoopHints.KEEP, tile -> call(mk, tile, b0));
            }
        }

        private void call(Int8GemmMicrokernel mk, String tile, String b0) {
            int lanes = isa.lanes();
            long blockStride = (long) words * lanes * 4;
            int outBytes = node.type().kind().bytes();
            long stagingRowBytes = (long) blocks * lanes * outBytes;
            String rows = f.gep("i64", rowBase, f.mul("i64", tile, Integer.toString(shape.rows())));
            String w = f.gep("i8", weights, f.mul("i64", b0, Long.toString(blockStride)));
            String vectors = f.mul("i64", b0, Long.toString(4L * lanes));
            String out = f.gep("i8", staging, f.add("i64",
                    f.mul("i64", tile, Long.toString(shape.rows() * stagingRowBytes)),
                    f.mul("i64", b0, Long.toString((long) lanes * outBytes))));
            mk.call(f, input, rows, tapOffset, taps, channelWords, w, blockStride, f.gep("i8", start, vectors),
                    f.gep("i8", multipliers, vectors), out, stagingRowBytes, yr.offset(), yr.qmin(), yr.qmax());
        }
    }
}
