package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * Copies a channels-last matrix ({@code [position][channel]}, e.g. a matrix-product kernel's staging
 * area) into channels-first order ({@code [channel][position]}, as in NCHW): a transpose of elements of
 * 1, 2, 4 or 8 bytes, copied bit for bit (floats travel as integers of their size).
 *
 * <p>It goes in square blocks of one 16-byte vector per position ({@code n x n} elements, {@code n =
 * 16 / element bytes}), two side by side where there are enough channels: {@code n} positions' vectors
 * of channels are loaded, transposed in registers ({@link BlockTranspose}) and stored as {@code n}
 * channels' vectors of positions. The last block of
 * positions and of channels overlaps the one before instead of running past the end (it writes equal
 * values again), so any extent of at least {@code n} positions and {@code n} channels runs in vector
 * code; smaller ones are copied element by element. One internal function per element size, shared by
 * every layer of a module.
 */
final class ChannelsFirstCopy {
    private final int elementBytes;
    private final String type;

    /** A copy of elements of {@code elementBytes} bytes (1, 2, 4 or 8). */
    ChannelsFirstCopy(int elementBytes) {
        if (elementBytes != 1 && elementBytes != 2 && elementBytes != 4 && elementBytes != 8) {
            throw new IllegalArgumentException("no channels-first copy of " + elementBytes + "-byte elements");
        }
        this.elementBytes = elementBytes;
        this.type = "i" + 8 * elementBytes;
    }

    /** The shared function's name: states the element size. */
    String name() {
        return "glint.channels_first." + type;
    }

    /**
     * Emits the copy of {@code positions} positions (an i64 value or constant) of {@code channels}
     * channels: element {@code (p, c)} from {@code src + (p * srcStride + c)} to
     * {@code dst + (c * dstStride + p)}, in elements.
     */
    void emit(FunctionWriter f, String src, long srcStride, String dst, long dstStride, int channels, String positions) {
        f.call("void", defineIn(f.module()), "ptr " + src, "i64 " + srcStride, "ptr " + dst, "i64 " + dstStride,
                "i64 " + channels, "i64 " + positions);
    }

    /** Defines the shared function in {@code module} unless it is there already; returns its name. */
    String defineIn(IrModule module) {
        String name = name();
        if (!module.defines(name)) {
            write(module.function("internal", "void", name, List.of(new Param("ptr", "src", "noalias nocapture readonly"),
                    new Param("i64", "srcStride", ""), new Param("ptr", "dst", "noalias nocapture"),
                    new Param("i64", "dstStride", ""), new Param("i64", "channels", ""),
                    new Param("i64", "positions", "")), "nounwind noinline"));
        }
        return name;
    }

    private void write(FunctionWriter f) {
        int n = BlockTranspose.elementsPerVector(elementBytes);
        String enoughPositions = f.icmp("sge", "i64", "%positions", Integer.toString(n));
        String twoBlocksWide = f.icmp("sge", "i64", "%channels", Integer.toString(2 * n));
        String oneBlockWide = f.icmp("sge", "i64", "%channels", Integer.toString(n));
        f.ifThen("two", and(f, enoughPositions, twoBlocksWide), () -> blocks(f, n, 2));
        f.ifThen("one", and(f, enoughPositions, and(f, oneBlockWide, not(f, twoBlocksWide))), () -> blocks(f, n, 1));
        f.ifThen("narrow", not(f, and(f, enoughPositions, oneBlockWide)), () ->
                f.loop("c", "0", "%channels", c -> f.loop("p", "0", "%positions", LoopHints.unrollBy(4), p -> {
                    String v = f.load(type, f.gep(type, "%src", f.add("i64", f.mul("i64", p, "%srcStride"), c)));
                    f.store(type, v, f.gep(type, "%dst", f.add("i64", f.mul("i64", c, "%dstStride"), p)));
                })));
        f.retVoid();
    }

    /**
     * The vector copy, for at least {@code n} positions and {@code n * lanes} channels: blocks of
     * {@code n} positions by {@code n * lanes} channels, {@code lanes} square blocks side by side in each
     * vector (two halve the loads and shuffles where 32-byte registers exist).
     */
    private void blocks(FunctionWriter f, int n, int lanes) {
        int width = n * lanes;
        String vector = Ir.vec(width, type);
        String bytes = Ir.vec(BlockTranspose.VECTOR_BYTES * lanes, "i8");
        String pBlocks = f.assign("div", "udiv i64 " + f.add("i64", "%positions", Integer.toString(n - 1)) + ", " + n);
        String cBlocks = f.assign("div", "udiv i64 " + f.add("i64", "%channels", Integer.toString(width - 1)) + ", " + width);
        String lastP = f.sub("i64", "%positions", Integer.toString(n));
        String lastC = f.sub("i64", "%channels", Integer.toString(width));
        // channel blocks outside: each block then writes its channels' output rows front to back
        f.loop("cblock", "0", cBlocks, LoopHints.KEEP, cb -> {
            // the last blocks overlap the ones before rather than running past the end
            String c0 = f.smin("i64", f.mul("i64", cb, Integer.toString(width)), lastC);
            f.loop("pblock", "0", pBlocks, LoopHints.KEEP, pb -> {
                String p0 = f.smin("i64", f.mul("i64", pb, Integer.toString(n)), lastP);
                String[] rows = new String[n];
                for (int r = 0; r < n; r++) {
                    String at = f.add("i64", f.mul("i64", f.add("i64", p0, Integer.toString(r)), "%srcStride"), c0);
                    rows[r] = f.convert("bitcast", vector, f.load(vector, f.gep(type, "%src", at), 1), bytes);
                }
                String[] columns = BlockTranspose.transpose(f, rows, elementBytes, lanes);
                for (int j = 0; j < n; j++) {
                    String values = f.convert("bitcast", bytes, columns[j], vector);
                    for (int lane = 0; lane < lanes; lane++) {
                        String channel = f.add("i64", c0, Integer.toString(lane * n + j));
                        String at = f.add("i64", f.mul("i64", channel, "%dstStride"), p0);
                        String part = lanes == 1 ? values : lane(f, values, width, lane * n, n);
                        f.store(Ir.vec(n, type), part, f.gep(type, "%dst", at), 1);
                    }
                }
            });
        });
    }

    /** Elements {@code [from, from + count)} of the {@code <lanes x type>} {@code vector}. */
    private String lane(FunctionWriter f, String vector, int lanes, int from, int count) {
        StringBuilder mask = new StringBuilder("<");
        for (int i = 0; i < count; i++) {
            mask.append(i == 0 ? "" : ", ").append("i32 ").append(from + i);
        }
        String t = Ir.vec(lanes, type);
        return f.assign("half", "shufflevector " + t + " " + vector + ", " + t + " poison, " + Ir.vec(count, "i32") + " "
                + mask.append('>'));
    }

    private static String and(FunctionWriter f, String a, String b) {
        return f.assign("and", "and i1 " + a + ", " + b);
    }

    private static String not(FunctionWriter f, String a) {
        return f.assign("not", "xor i1 " + a + ", true");
    }
}
