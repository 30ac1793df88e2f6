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
 * <p>Tiles of {@value #ROWS} rows by {@value #BLOCKS} channel blocks (more blocks when there are few
 * rows) keep several independent accumulators in flight; each activation word is loaded once per tile
 * row and broadcast, each weight vector once per tile. Results go to a {@code [row][channel]} staging
 * area with one vector store each, and one plain loop copies them into the output's layout.
 */
final class DotProductKernel implements Kernel {
    private static final int ROWS = 4;
    private static final int BLOCKS = 2;
    /** Unrolling of the reduction loop: enough to hide loads, little enough to keep compilation fast. */
    private static final int WORD_UNROLL = 4;

    private final MatrixView view;
    private final Node node;
    private final DotProductIsa isa;
    private final Requantizer rq;
    private final int paddedDepth;
    private final int blocks;
    private final int shift;
    private final int blocksPerTile;
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    DotProductKernel(MatrixView view, DotProductIsa isa, Requantizer rq) {
        this.view = view;
        this.node = view.node;
        this.isa = isa;
        this.rq = rq;
        this.paddedDepth = (view.depth + isa.group() - 1) / isa.group() * isa.group();
        this.blocks = (view.channels + isa.lanes() - 1) / isa.lanes();
        this.shift = isa.activationShift(node.input(0).type().kind());
        this.blocksPerTile = view.rows < ROWS ? 2 * BLOCKS : BLOCKS;
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
        return "int8 " + view.describe() + ", " + isa.description();
    }

    /** Bytes of the packed activations {@code A[rows][paddedDepth]}. */
    private long packedBytes() {
        return (long) view.rows * paddedDepth * isa.elementBytes();
    }

    /** The packed activations, then (aligned) the staging area {@code [rows][blocks * lanes]} of results. */
    @Override
    public long scratchBytes() {
        return Alignment.up(packedBytes()) + (long) view.rows * blocks * isa.lanes() * node.type().kind().bytes();
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
        int words = paddedDepth / group;
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
                        for (int j = 0; j < group; j++) {
                            int k = word * group + j;
                            int v = oc < channels && k < depth ? w[(g * channels + oc) * depth + k] : 0;
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
        int words = paddedDepth / isa.group();
        long groupBytes = (long) blocks * lanes * 4;
        ElemKind kind = node.input(0).type().kind();
        String elem = isa.elementBytes() == 1 ? "i8" : "i16";
        int pad = node.input(0).type().quant().offset() + shift;
        String padValue = Integer.toString(isa.elementBytes() == 1 ? (byte) pad : (short) pad);
        String staging = f.gep("i8", ctx.scratch(), Long.toString(Alignment.up(packedBytes())));
        long stagingRow = (long) blocks * lanes;
        f.loop("n", 0, view.batch, n -> f.loop("g", 0, view.groups, g -> {
            view.pack(f, n, g, ctx.scratch(), elem, paddedDepth, padValue, index -> {
                String x = Elements.loadInt(f, kind, ctx.input(0), index);
                return f.convert("trunc", "i32", shift == 0 ? x : f.addWrap("i32", x, Integer.toString(shift)), elem);
            });
            new Tiles(ctx, staging,
                    f.gep("i8", ctx.blob("weights"), f.mul("i64", g, Long.toString(groupBytes * words))),
                    f.gep("i8", ctx.blob("start"), f.mul("i64", g, Long.toString(groupBytes))),
                    f.gep("i8", ctx.blob("multipliers"), f.mul("i64", g, Long.toString(groupBytes)))).emitAll();
            view.copyOut(f, n, g, staging, stagingRow, ctx.output(), node.type().kind());
        }));
        f.retVoid();
    }

    /** The matrix product of one (image, group), written as tiles into staging. */
    private final class Tiles {
        private final KernelContext ctx;
        private final FunctionWriter f;
        private final String staging;
        private final String weights;
        private final String start;
        private final String multipliers;
        private final String vt = isa.vectorType();
        private final int lanes = isa.lanes();
        private final int words = paddedDepth / isa.group();
        private final long rowBytes = (long) paddedDepth * isa.elementBytes();
        private final ElemKind outKind = node.type().kind();
        private final String outType = Ir.type(outKind);

        Tiles(KernelContext ctx, String staging, String weights, String start, String multipliers) {
            this.ctx = ctx;
            this.f = ctx.f();
            this.staging = staging;
            this.weights = weights;
            this.start = start;
            this.multipliers = multipliers;
        }

        /** Blocks in groups of {@code blocksPerTile} (then the rest), each over all rows. */
        void emitAll() {
            int chunks = blocks / blocksPerTile;
            f.loop("bt", 0, chunks, LoopHints.KEEP, bt -> rowsOf(f.mul("i64", bt, Long.toString(blocksPerTile)), blocksPerTile));
            if (blocks % blocksPerTile > 0) {
                rowsOf(Long.toString((long) chunks * blocksPerTile), blocks % blocksPerTile);
            }
        }

        /** All rows for blocks {@code [b0, b0 + count)}: full row tiles, then the remaining rows. */
        private void rowsOf(String b0, int count) {
            int fullTiles = view.rows / ROWS;
            f.loop("rt", 0, fullTiles, LoopHints.KEEP, rt -> tile(f.mul("i64", rt, Long.toString(ROWS)), ROWS, b0, count));
            if (view.rows % ROWS > 0) {
                tile(Long.toString((long) fullTiles * ROWS), view.rows % ROWS, b0, count);
            }
        }

        private void tile(String r0, int nRows, String b0, int nBlocks) {
            String[][] acc = new String[nRows][nBlocks];
            for (int b = 0; b < nBlocks; b++) {
                String init = f.load(vt, blockVector(start, b0, b), 4 * lanes);
                for (int r = 0; r < nRows; r++) {
                    acc[r][b] = f.variable(vt, "acc", init);
                }
            }
            long blockStride = (long) words * lanes * 4;
            f.loop("word", 0, words, LoopHints.unrollBy(WORD_UNROLL), word -> {
                String[] w = new String[nBlocks];
                for (int b = 0; b < nBlocks; b++) {
                    String block = f.add("i64", b0, Integer.toString(b));
                    String at = f.add("i64", f.mul("i64", block, Long.toString(blockStride)), f.mul("i64", word, Long.toString(4L * lanes)));
                    w[b] = f.load(vt, f.gep("i8", weights, at), 4 * lanes);
                }
                for (int r = 0; r < nRows; r++) {
                    String row = f.add("i64", r0, Integer.toString(r));
                    String at = f.add("i64", f.mul("i64", row, Long.toString(rowBytes)), f.mul("i64", word, "4"));
                    String activations = f.broadcast(vt, f.load("i32", f.gep("i8", ctx.scratch(), at), 4));
                    for (int b = 0; b < nBlocks; b++) {
                        f.store(vt, isa.dot(f, f.load(vt, acc[r][b]), activations, w[b]), acc[r][b]);
                    }
                }
            });
            QuantRange yr = QuantRange.of(node.type(), node.op() + " node '" + node.name() + "'");
            String ft = Ir.withElement(vt, "float");
            String stagedType = Ir.vec(lanes, outType);
            long stagingRow = (long) blocks * lanes;
            for (int b = 0; b < nBlocks; b++) {
                String m = f.load(ft, blockVector(multipliers, b0, b), 4 * lanes);
                String column = f.mul("i64", f.add("i64", b0, Integer.toString(b)), Integer.toString(lanes));
                for (int r = 0; r < nRows; r++) {
                    String y = rq.requantize(f, vt, f.load(vt, acc[r][b]), m, yr.offset(), yr.qmin(), yr.qmax());
                    String narrow = outType.equals("i32") ? y : f.convert("trunc", vt, y, stagedType);
                    String row = f.add("i64", r0, Integer.toString(r));
                    f.store(stagedType, narrow, f.gep(outType, staging, f.madd(column, row, stagingRow)), outKind.bytes());
                }
            }
        }

        /** Address of block {@code b0 + b}'s vector of 32-bit entries in a {@code [blocks][lanes]} table. */
        private String blockVector(String table, String b0, int b) {
            String block = f.add("i64", b0, Integer.toString(b));
            return f.gep("i8", table, f.mul("i64", block, Long.toString(4L * lanes)));
        }
    }
}
