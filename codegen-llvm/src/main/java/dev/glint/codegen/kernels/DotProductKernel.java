package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.codegen.memory.Alignment;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.FullyConnectedNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Int8 convolution and fully connected layers on a dot-product instruction ({@link DotProductIsa}), as a
 * matrix product per image and group: {@code acc[row][oc] = sum_k A[row][k] * W[oc][k]}, rows being output
 * positions (convolution: after an im2col copy) or input rows, {@code k} the reduction index.
 *
 * <p>At compile time the weights are packed into the instruction's layout
 * {@code [oc / lanes][k / group][lanes][group]} (zeros past the last channel and reduction index), and
 * the bias absorbs the activation shift and offset: with packed activations {@code v = x + s} (the shift
 * {@code s} makes them fit the instruction's operand type) and padding positions holding {@code z_x + s},
 * {@code sum_k (x - z_x) w = sum_k v w - (z_x + s) sum_k w}, so the accumulator starts at
 * {@code bias - (z_x + s) * sum_k w}. Integer arithmetic is exact (or wraps identically), so the
 * accumulators equal the portable kernel's bit for bit, and requantization follows the numeric
 * contract lane by lane. Requires constant weights with offset 0 (symmetric); otherwise the portable
 * loops run.
 *
 * <p>Tiles of {@value #ROWS} rows by up to {@value #BLOCKS} (or more for few rows) channel blocks keep
 * several independent accumulators in flight; each activation word is loaded once per tile row and
 * broadcast, each weight vector once per tile.
 */
final class DotProductKernel implements Kernel {
    private static final int ROWS = 4;
    private static final int BLOCKS = 2;
    /** Unrolling of the reduction loop: enough to hide loads, little enough to keep compilation fast. */
    private static final int WORD_UNROLL = 4;

    private final Node node;
    private final DotProductIsa isa;
    private final Requantizer rq;
    private final Window2d window; // null for fully connected layers
    private final int batch;
    private final int groups;
    private final int rows;
    private final int depth;
    private final int channels;
    private final int paddedDepth;
    private final int blocks;
    private final int shift;
    private final int blocksPerTile;
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    private DotProductKernel(Node node, DotProductIsa isa, Requantizer rq, Window2d window, int batch, int groups,
            int rows, int depth, int channels) {
        this.node = node;
        this.isa = isa;
        this.rq = rq;
        this.window = window;
        this.batch = batch;
        this.groups = groups;
        this.rows = rows;
        this.depth = depth;
        this.channels = channels;
        this.paddedDepth = (depth + isa.group() - 1) / isa.group() * isa.group();
        this.blocks = (channels + isa.lanes() - 1) / isa.lanes();
        this.shift = isa.activationShift(node.input(0).type().kind());
        this.blocksPerTile = rows < ROWS ? 2 * BLOCKS : BLOCKS;
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

    static DotProductKernel conv(ConvNode conv, Window2d w, DotProductIsa isa, Requantizer rq) {
        int[] ws = conv.input(1).type().shape();
        int cout = ws[0];
        return new DotProductKernel(conv, isa, rq, w, conv.input(0).type().dim(0), conv.group(), w.outPlane(),
                ws[1] * w.taps(), cout / conv.group());
    }

    static DotProductKernel fullyConnected(FullyConnectedNode fc, DotProductIsa isa, Requantizer rq) {
        return new DotProductKernel(fc, isa, rq, null, 1, 1, fc.input(0).type().dim(0), fc.input(0).type().dim(1),
                fc.type().dim(1));
    }

    @Override
    public String description() {
        String what = window == null ? "int8 fully connected" : "int8 conv " + window.kernel[0] + "x" + window.kernel[1]
                + (groups > 1 ? " group " + groups : "");
        return what + ", " + isa.description();
    }

    /** The packed activations, then (aligned) the staging area for the requantized results. */
    @Override
    public long scratchBytes() {
        return Alignment.up(packedBytes()) + stagingBytes();
    }

    @Override
    public Map<String, byte[]> constantBlobs() {
        return blobs;
    }

    @Override
    public boolean readsInput(int index) {
        return index == 0; // weights and bias live in the packed data
    }

    /** Packed weights, accumulator start values and multipliers, each {@code [groups][blocks][lanes]}-major. */
    private void packConstants() {
        int lanes = isa.lanes();
        int group = isa.group();
        int words = paddedDepth / group;
        int[] w = ((ConstantNode) node.input(1)).value().ints();
        int[] bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().ints() : null;
        int totalChannels = groups * channels;
        float[] m = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), totalChannels);
        int zx = node.input(0).type().quant().offset();
        ByteBuffer packed = ByteBuffer.allocate(groups * blocks * words * lanes * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer start = ByteBuffer.allocate(groups * blocks * lanes * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer mult = ByteBuffer.allocate(groups * blocks * lanes * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < groups; g++) {
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
                    int sum = 0;
                    int acc0 = 0;
                    float multiplier = 1f;
                    if (oc < channels) {
                        int global = g * channels + oc;
                        for (int k = 0; k < depth; k++) {
                            sum += w[global * depth + k];
                        }
                        // int arithmetic wraps as the accumulator does, so the identity holds modulo 2^32
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

    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        int lanes = isa.lanes();
        int words = paddedDepth / isa.group();
        long groupBytes = (long) blocks * lanes * 4;
        f.loop("n", 0, batch, n -> f.loop("g", 0, groups, g -> {
            pack(ctx, n, g);
            Tiles t = new Tiles(ctx, n, g,
                    f.gep("i8", ctx.blob("weights"), f.mul("i64", g, Long.toString(groupBytes * words))),
                    f.gep("i8", ctx.blob("start"), f.mul("i64", g, Long.toString(groupBytes))),
                    f.gep("i8", ctx.blob("multipliers"), f.mul("i64", g, Long.toString(groupBytes))));
            t.emitAll();
        }));
        f.retVoid();
    }

    // ---- packing the activations: A[row][k] = x + shift, padding = z_x + shift ----

    private void pack(KernelContext ctx, String n, String g) {
        FunctionWriter f = ctx.f();
        ElemKind kind = node.input(0).type().kind();
        String elem = isa.elementBytes() == 1 ? "i8" : "i16";
        String a = ctx.scratch();
        int zx = node.input(0).type().quant().offset();
        int pad = zx + shift;
        String padValue = Integer.toString(isa.elementBytes() == 1 ? (byte) pad : (short) pad);
        if (window == null) {
            f.loop("i", 0, rows, i -> {
                String rowIn = f.mul("i64", i, Long.toString(depth));
                String rowOut = f.mul("i64", i, Long.toString(paddedDepth));
                f.loop("k", 0, depth, k -> storePacked(f, elem, a, f.add("i64", rowOut, k),
                        shifted(f, Elements.loadInt(f, kind, ctx.input(0), f.add("i64", rowIn, k)))));
                f.loop("k", depth, paddedDepth, k -> storePacked(f, elem, a, f.add("i64", rowOut, k), padValue));
            });
            return;
        }
        f.loop("fill", 0, (long) rows * paddedDepth, i -> storePacked(f, elem, a, i, padValue));
        int[] xs = node.input(0).type().shape();
        int cinPerGroup = node.input(1).type().dim(1);
        long inPlane = window.inPlane();
        f.loop("c", 0, cinPerGroup, c -> {
            String channel = f.madd(f.madd(c, g, cinPerGroup), n, xs[1]);
            String inBase = f.mul("i64", channel, Long.toString(inPlane));
            String kBase = f.mul("i64", c, Long.toString(window.taps()));
            String[] k = new String[1];
            window.emitTapLoops(f, Ir.sanitize(node.name()) + ".pack", new Window2d.TapVisitor() {
                @Override
                public void tap(String kh, String kw) {
                    k[0] = f.madd(f.add("i64", kBase, kw), kh, window.kernel[1]);
                }

                @Override
                public void inside(String oh, String ow, String ih, String iw) {
                    String row = f.madd(ow, oh, window.out[1]);
                    String x = Elements.loadInt(f, kind, ctx.input(0), f.add("i64", f.madd(inBase, ih, window.in[1]), iw));
                    storePacked(f, elem, a, f.madd(k[0], row, paddedDepth), shifted(f, x));
                }
            });
        });
    }

    private String shifted(FunctionWriter f, String x) {
        return shift == 0 ? x : f.addWrap("i32", x, Integer.toString(shift));
    }

    /** Stores an i32 value (or a constant already in the element's range) as a packed element. */
    private static void storePacked(FunctionWriter f, String elem, String base, String index, String value32) {
        String v = value32.matches("-?\\d+") ? value32 : f.convert("trunc", "i32", value32, elem);
        f.store(elem, v, f.gep(elem, base, index));
    }

    // ---- the tiles ----

    /** Bytes of the packed activations {@code A[rows][paddedDepth]}. */
    private long packedBytes() {
        return (long) rows * paddedDepth * isa.elementBytes();
    }

    /** Bytes of the staging area {@code Y[rows][blocks * lanes]} in the output's element kind. */
    private long stagingBytes() {
        return (long) rows * blocks * isa.lanes() * node.type().kind().bytes();
    }

    /** The matrix product of one (image, group), written as tiles into staging, then copied out. */
    private final class Tiles {
        private final KernelContext ctx;
        private final FunctionWriter f;
        private final String n;
        private final String g;
        private final String weights;
        private final String start;
        private final String multipliers;
        private final String staging;
        private final String vt = isa.vectorType();
        private final int lanes = isa.lanes();
        private final int words = paddedDepth / isa.group();
        private final long rowBytes = (long) paddedDepth * isa.elementBytes();
        private final ElemKind outKind = node.type().kind();
        private final String outType = Ir.type(outKind);

        Tiles(KernelContext ctx, String n, String g, String weights, String start, String multipliers) {
            this.ctx = ctx;
            this.f = ctx.f();
            this.n = n;
            this.g = g;
            this.weights = weights;
            this.start = start;
            this.multipliers = multipliers;
            this.staging = f.gep("i8", ctx.scratch(), Long.toString(Alignment.up(packedBytes())));
        }

        /** Blocks in groups of {@code blocksPerTile} (then the rest), each over all rows; then the copy out. */
        void emitAll() {
            int chunks = blocks / blocksPerTile;
            f.loop("bt", 0, chunks, LoopHints.KEEP, bt -> rowsOf(f.mul("i64", bt, Long.toString(blocksPerTile)), blocksPerTile));
            if (blocks % blocksPerTile > 0) {
                rowsOf(Long.toString((long) chunks * blocksPerTile), blocks % blocksPerTile);
            }
            copyOut();
        }

        /** All rows for blocks {@code [b0, b0 + count)}: full row tiles, then the remaining rows. */
        private void rowsOf(String b0, int count) {
            int fullTiles = rows / ROWS;
            f.loop("rt", 0, fullTiles, LoopHints.KEEP, rt -> tile(f.mul("i64", rt, Long.toString(ROWS)), ROWS, b0, count));
            if (rows % ROWS > 0) {
                tile(Long.toString((long) fullTiles * ROWS), rows % ROWS, b0, count);
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

        /** Copies the valid channels from staging ({@code [row][channel]}) to the output's layout. */
        private void copyOut() {
            long stagingRow = (long) blocks * lanes;
            long cout = (long) groups * channels;
            f.loop("ch", 0, channels, ch -> {
                String channel = f.madd(ch, g, channels);
                f.loop("row", 0, rows, row -> {
                    String to = window == null ? f.madd(channel, row, cout)
                            : f.add("i64", f.mul("i64", f.madd(channel, n, cout), Long.toString(rows)), row);
                    Elements.copy(f, outKind, staging, f.madd(ch, row, stagingRow), ctx.output(), to);
                });
            });
        }

        /** Address of block {@code b0 + b}'s vector of 32-bit entries in a {@code [blocks][lanes]} table. */
        private String blockVector(String table, String b0, int b) {
            String block = f.add("i64", b0, Integer.toString(b));
            return f.gep("i8", table, f.mul("i64", block, Long.toString(4L * lanes)));
        }
    }
}
