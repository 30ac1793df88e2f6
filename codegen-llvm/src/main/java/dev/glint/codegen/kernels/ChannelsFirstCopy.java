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
 * 16 / element bytes}): {@code n} positions' vectors of channels are loaded, transposed in registers
 * ({@link BlockTranspose}) and stored as {@code n} channels' vectors of positions. The last block of
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
        String size = Integer.toString(n);
        String vector = Ir.vec(n, type);
        String wide = f.assign("and", "and i1 " + f.icmp("sge", "i64", "%channels", size) + ", "
                + f.icmp("sge", "i64", "%positions", size));
        ChannelsLastCopy.when(f, wide, () -> {
            String pBlocks = f.assign("div", "udiv i64 " + f.add("i64", "%positions", Integer.toString(n - 1)) + ", " + n);
            String cBlocks = f.assign("div", "udiv i64 " + f.add("i64", "%channels", Integer.toString(n - 1)) + ", " + n);
            String lastP = f.sub("i64", "%positions", size);
            String lastC = f.sub("i64", "%channels", size);
            f.loop("cblock", "0", cBlocks, LoopHints.KEEP, cb -> {
                String c0 = f.smin("i64", f.mul("i64", cb, size), lastC);
                f.loop("pblock", "0", pBlocks, LoopHints.KEEP, pb -> {
                    String p0 = f.smin("i64", f.mul("i64", pb, size), lastP);
                    String[] rows = new String[n];
                    for (int r = 0; r < n; r++) {
                        String at = f.add("i64", f.mul("i64", f.add("i64", p0, Integer.toString(r)), "%srcStride"), c0);
                        rows[r] = f.convert("bitcast", vector, f.load(vector, f.gep(type, "%src", at), 1), BlockTranspose.BYTES);
                    }
                    String[] channels = BlockTranspose.transpose(f, rows, elementBytes);
                    for (int c = 0; c < n; c++) {
                        String at = f.add("i64", f.mul("i64", f.add("i64", c0, Integer.toString(c)), "%dstStride"), p0);
                        f.store(vector, f.convert("bitcast", BlockTranspose.BYTES, channels[c], vector), f.gep(type, "%dst", at), 1);
                    }
                });
            });
        });
        ChannelsLastCopy.when(f, f.assign("not", "xor i1 " + wide + ", true"), () ->
                f.loop("c", "0", "%channels", c -> f.loop("p", "0", "%positions", LoopHints.unrollBy(4), p -> {
                    String v = f.load(type, f.gep(type, "%src", f.add("i64", f.mul("i64", p, "%srcStride"), c)));
                    f.store(type, v, f.gep(type, "%dst", f.add("i64", f.mul("i64", c, "%dstStride"), p)));
                })));
        f.retVoid();
    }
}
