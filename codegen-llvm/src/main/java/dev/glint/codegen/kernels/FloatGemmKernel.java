package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.codegen.memory.Alignment;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float convolution and fully connected layers with constant weights as tiled matrix products (see
 * {@link MatrixView}): weights packed at compile time as {@code [oc / lanes][k][lanes]} vectors, a tile of
 * {@value #ROWS} rows by up to {@value #BLOCKS} channel blocks of vector accumulators that start at the
 * bias, and per reduction step one weight vector per block and one broadcast activation per row, combined
 * with {@code llvm.fmuladd} (FMA contraction is allowed for float). The vector width follows the target:
 * 16 lanes with 512-bit registers, 8 with AVX, 4 otherwise. The summation order differs from the
 * interpreter's (which sums in double); results agree within float rounding.
 */
final class FloatGemmKernel implements Kernel {
    private static final int ROWS = 4;
    private static final int BLOCKS = 2;
    private static final int K_UNROLL = 4;

    private final MatrixView view;
    private final int lanes;
    private final int blocks;
    private final int blocksPerTile;
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();

    FloatGemmKernel(MatrixView view, TargetSpec target) {
        this.view = view;
        this.lanes = lanes(target);
        this.blocks = (view.channels + lanes - 1) / lanes;
        this.blocksPerTile = view.rows < ROWS ? 2 * BLOCKS : BLOCKS;
        pack();
    }

    /** Vector width in floats for the target. */
    static int lanes(TargetSpec target) {
        return target.isX86() && target.has("avx512f") && target.has("evex512") ? 16
                : target.isX86() && (target.has("avx") || target.has("avx2")) ? 8 : 4;
    }

    /**
     * Whether tiling pays for {@code channelsPerGroup} channels per group: a vector holds one channel per
     * lane, so depthwise convolutions (one channel per group) are better served by the direct loops,
     * which vectorize over output positions.
     */
    static boolean worthwhile(int channelsPerGroup, TargetSpec target) {
        return 2 * channelsPerGroup >= lanes(target);
    }

    /** Float layers whose weights and bias are constants. */
    static boolean supports(Node node) {
        return node.input(0).type().kind() == ElemKind.FLOAT32 && node.input(1) instanceof ConstantNode
                && (node.numInputs() < 3 || node.input(2) instanceof ConstantNode);
    }

    @Override
    public String description() {
        return "float " + view.describe() + ", tiled " + lanes + " lanes";
    }

    private long packedBytes() {
        return 4L * view.rows * view.depth;
    }

    @Override
    public long scratchBytes() {
        return Alignment.up(packedBytes()) + 4L * view.rows * blocks * lanes;
    }

    @Override
    public Map<String, byte[]> constantBlobs() {
        return blobs;
    }

    @Override
    public boolean readsInput(int index) {
        return index == 0;
    }

    private void pack() {
        Node node = view.node;
        float[] w = ((ConstantNode) node.input(1)).value().floats();
        float[] bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().floats() : null;
        int depth = view.depth;
        int channels = view.channels;
        ByteBuffer packed = ByteBuffer.allocate(4 * view.groups * blocks * depth * lanes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer start = ByteBuffer.allocate(4 * view.groups * blocks * lanes).order(ByteOrder.LITTLE_ENDIAN);
        for (int g = 0; g < view.groups; g++) {
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < depth; k++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        int oc = b * lanes + lane;
                        packed.putFloat(oc < channels ? w[(g * channels + oc) * depth + k] : 0f);
                    }
                }
                for (int lane = 0; lane < lanes; lane++) {
                    int oc = b * lanes + lane;
                    start.putFloat(oc < channels && bias != null ? bias[g * channels + oc] : 0f);
                }
            }
        }
        blobs.put("weights", packed.array());
        blobs.put("bias", start.array());
    }

    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        long groupVectors = (long) blocks * lanes * 4;
        String staging = f.gep("i8", ctx.scratch(), Long.toString(Alignment.up(packedBytes())));
        f.loop("n", 0, view.batch, n -> f.loop("g", 0, view.groups, g -> {
            view.pack(f, n, g, ctx.scratch(), "float", view.depth, Ir.f32(0f),
                    index -> Elements.loadFloat(f, ctx.input(0), index));
            String weights = f.gep("i8", ctx.blob("weights"), f.mul("i64", g, Long.toString(groupVectors * view.depth)));
            String bias = f.gep("i8", ctx.blob("bias"), f.mul("i64", g, Long.toString(groupVectors)));
            int chunks = blocks / blocksPerTile;
            f.loop("bt", 0, chunks, LoopHints.KEEP,
                    bt -> rowsOf(ctx, staging, weights, bias, f.mul("i64", bt, Long.toString(blocksPerTile)), blocksPerTile));
            if (blocks % blocksPerTile > 0) {
                rowsOf(ctx, staging, weights, bias, Long.toString((long) chunks * blocksPerTile), blocks % blocksPerTile);
            }
            view.copyOut(f, n, g, staging, (long) blocks * lanes, ctx.output(), ElemKind.FLOAT32);
        }));
        f.retVoid();
    }

    private void rowsOf(KernelContext ctx, String staging, String weights, String bias, String b0, int count) {
        FunctionWriter f = ctx.f();
        int fullTiles = view.rows / ROWS;
        f.loop("rt", 0, fullTiles, LoopHints.KEEP,
                rt -> tile(ctx, staging, weights, bias, f.mul("i64", rt, Long.toString(ROWS)), ROWS, b0, count));
        if (view.rows % ROWS > 0) {
            tile(ctx, staging, weights, bias, Long.toString((long) fullTiles * ROWS), view.rows % ROWS, b0, count);
        }
    }

    private void tile(KernelContext ctx, String staging, String weights, String bias, String r0, int nRows, String b0,
            int nBlocks) {
        FunctionWriter f = ctx.f();
        String vt = Ir.vec(lanes, "float");
        String[][] acc = new String[nRows][nBlocks];
        for (int b = 0; b < nBlocks; b++) {
            String block = f.add("i64", b0, Integer.toString(b));
            String init = f.load(vt, f.gep(vt, bias, block), 4 * lanes);
            for (int r = 0; r < nRows; r++) {
                acc[r][b] = f.variable(vt, "acc", init);
            }
        }
        f.loop("k", 0, view.depth, LoopHints.unrollBy(K_UNROLL), k -> {
            String[] w = new String[nBlocks];
            for (int b = 0; b < nBlocks; b++) {
                String block = f.add("i64", b0, Integer.toString(b));
                w[b] = f.load(vt, f.gep(vt, weights, f.madd(k, block, view.depth)), 4 * lanes);
            }
            for (int r = 0; r < nRows; r++) {
                String row = f.add("i64", r0, Integer.toString(r));
                String a = f.broadcast(vt, Elements.loadFloat(f, ctx.scratch(), f.madd(k, row, view.depth)));
                for (int b = 0; b < nBlocks; b++) {
                    String sum = f.call(vt, "llvm.fmuladd." + Ir.intrinsicSuffix(vt), vt + " " + a, vt + " " + w[b],
                            vt + " " + f.load(vt, acc[r][b]));
                    f.store(vt, sum, acc[r][b]);
                }
            }
        });
        long stagingRow = (long) blocks * lanes;
        for (int b = 0; b < nBlocks; b++) {
            String column = f.mul("i64", f.add("i64", b0, Integer.toString(b)), Integer.toString(lanes));
            for (int r = 0; r < nRows; r++) {
                String row = f.add("i64", r0, Integer.toString(r));
                f.store(vt, f.load(vt, acc[r][b]), f.gep("float", staging, f.madd(column, row, stagingRow)), 4);
            }
        }
    }
}
