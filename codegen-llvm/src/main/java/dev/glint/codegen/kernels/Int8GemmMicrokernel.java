package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * The innermost int8 tile, written once per module and called by every layer of that tile shape:
 * {@code rows} output rows (positions) times {@code blocks} vectors of output channels
 * ({@code blocks * lanes} channels), over the whole reduction, with the requantization in the epilogue.
 * It reads the activations in place, as an indirect matrix product: row {@code r} at tap {@code t} reads
 * the channel words at {@code a + rowBase[r] + tapOffset[t]}, so a convolution needs no im2col copy,
 * only its input in channels-last order. Its name states its contract in the XNNPACK manner, e.g.
 * {@code qs8_igemm_6x16c2__vpmaddwd_ymm_i8}: signed 8-bit weights, a 6-row by 16-channel tile, 2
 * reduction elements per 32-bit word, the instruction, and the stored element type.
 *
 * <p>Arguments: {@code a} the activations, {@code rowBase} the tile's rows' byte offsets (i64),
 * {@code tapOffset} and {@code taps} the taps' byte offsets, {@code channelWords} the words per tap,
 * {@code w} the first block's packed weights ({@code [tap][channel word][lanes][group]}),
 * {@code blockStride} the bytes between blocks, {@code initial} and {@code mult} the blocks' accumulator
 * start values and float multipliers ({@code [blocks][lanes]}), {@code out} the first result,
 * {@code outRow} the bytes between result rows, and the output offset and clamp range as i32. Shared
 * code keeps the generated module small: each layer's function only reorders its input, loops over
 * tiles and copies out, so optimization and machine-code generation stay fast.
 */
final class Int8GemmMicrokernel {
    /** Unrolling of the reduction loop: enough to hide loads, little enough to keep compilation fast. */
    private static final int WORD_UNROLL = 2;

    private final DotProductIsa isa;
    private final int rows;
    private final int blocks;
    private final String outType;

    Int8GemmMicrokernel(DotProductIsa isa, int rows, int blocks, String outType) {
        this.isa = isa;
        this.rows = rows;
        this.blocks = blocks;
        this.outType = outType;
    }

    /** The function's name, which states the tile it computes. */
    String name() {
        String instruction = isa.description().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
        return "qs8_igemm_" + rows + "x" + blocks * isa.lanes() + "c" + isa.group() + "__" + instruction + "_" + outType;
    }

    /** Defines the function in {@code module} unless it is there already; returns its name. */
    String defineIn(IrModule module, Requantizer rq) {
        String name = name();
        if (!module.defines(name)) {
            write(module.function("internal", "void", name, List.of(Param.input("a"), Param.input("rowBase"),
                    Param.input("tapOffset"), new Param("i64", "taps", ""), new Param("i64", "channelWords", ""),
                    Param.input("w"), new Param("i64", "blockStride", ""), Param.input("initial"), Param.input("mult"),
                    new Param("ptr", "out", "noalias nocapture"), new Param("i64", "outRow", ""),
                    new Param("i32", "zy", ""), new Param("i32", "qmin", ""), new Param("i32", "qmax", "")),
                    "nounwind noinline"), rq);
        }
        return name;
    }

    /** Emits a call of this tile (the i64 and i32 operands are constants or SSA values). */
    void call(FunctionWriter f, String a, String rowBase, String tapOffset, long taps, long channelWords, String w,
            long blockStride, String initial, String mult, String out, long outRow, int zy, int qmin, int qmax) {
        f.call("void", name(), "ptr " + a, "ptr " + rowBase, "ptr " + tapOffset, "i64 " + taps, "i64 " + channelWords,
                "ptr " + w, "i64 " + blockStride, "ptr " + initial, "ptr " + mult, "ptr " + out, "i64 " + outRow,
                "i32 " + zy, "i32 " + qmin, "i32 " + qmax);
    }

    private void write(FunctionWriter f, Requantizer rq) {
        String vt = isa.vectorType();
        int lanes = isa.lanes();
        long vectorBytes = 4L * lanes;
        String[][] acc = new String[rows][blocks];
        String[] wBlock = new String[blocks];
        for (int b = 0; b < blocks; b++) {
            String init = f.load(vt, f.gep("i8", "%initial", Long.toString(b * vectorBytes)), 4);
            wBlock[b] = f.gep("i8", "%w", f.mul("i64", "%blockStride", Integer.toString(b)));
            for (int r = 0; r < rows; r++) {
                acc[r][b] = f.variable(vt, "acc", init);
            }
        }
        String[] rowPtr = new String[rows];
        for (int r = 0; r < rows; r++) {
            rowPtr[r] = f.gep("i8", "%a", f.load("i64", f.gep("i64", "%rowBase", Integer.toString(r)), 8));
        }
        f.loop("tap", "0", "%taps", LoopHints.KEEP, tap -> {
            String offset = f.load("i64", f.gep("i64", "%tapOffset", tap), 8);
            String[] x0 = new String[rows];
            for (int r = 0; r < rows; r++) {
                x0[r] = f.gep("i8", rowPtr[r], offset);
            }
            String firstWord = f.mul("i64", tap, "%channelWords");
            f.loop("word", "0", "%channelWords", LoopHints.unrollBy(WORD_UNROLL), cw -> {
                String wOffset = f.mul("i64", f.add("i64", firstWord, cw), Long.toString(vectorBytes));
                String[] w = new String[blocks];
                for (int b = 0; b < blocks; b++) {
                    w[b] = f.load(vt, f.gep("i8", wBlock[b], wOffset), 4);
                }
                for (int r = 0; r < rows; r++) {
                    String x = f.broadcast(vt, f.load("i32", f.gep("i32", x0[r], cw), 4));
                    for (int b = 0; b < blocks; b++) {
                        f.store(vt, isa.dot(f, f.load(vt, acc[r][b]), x, w[b]), acc[r][b]);
                    }
                }
            });
        });
        String ft = Ir.withElement(vt, "float");
        String stored = Ir.vec(lanes, outType);
        int outBytes = Integer.parseInt(outType.substring(1)) / 8;
        for (int b = 0; b < blocks; b++) {
            String m = f.load(ft, f.gep("i8", "%mult", Long.toString(b * vectorBytes)), 4);
            for (int r = 0; r < rows; r++) {
                String y = rq.requantize(f, vt, f.load(vt, acc[r][b]), m, "%zy", "%qmin", "%qmax");
                String narrow = outType.equals("i32") ? y : f.convert("trunc", vt, y, stored);
                String at = f.add("i64", f.mul("i64", "%outRow", Integer.toString(r)), Long.toString((long) b * lanes * outBytes));
                f.store(stored, narrow, f.gep("i8", "%out", at), outBytes);
            }
        }
        f.retVoid();
    }
}
