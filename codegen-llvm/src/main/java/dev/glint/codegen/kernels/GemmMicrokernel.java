package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import java.util.ArrayList;
import java.util.List;

/**
 * The innermost GEMM tile, written once per module and called by every layer of that tile shape:
 * {@code rows} output rows (positions) times {@code blocks} vectors of output channels
 * ({@code blocks * lanes} channels), over the whole reduction, with the epilogue (requantization for
 * int8) applied before the store. What it computes per step is its {@link TileArithmetic}. It reads the
 * activations in place, as an indirect matrix product: row {@code r} at tap {@code t} reads the channel
 * words at {@code a + rowBase[r] + tapOffset[t]}, so a convolution needs no im2col copy, only its input in
 * channels-last order. The words need no alignment: a kernel row may be read as one run of words that
 * starts at any element (see {@link IndirectGemmKernel}). Its name states its contract in the XNNPACK manner, e.g.
 * {@code qs8_igemm_6x16c2__vpmaddwd_ymm_i8}: signed 8-bit weights, a 6-row by 16-channel tile, 2
 * reduction elements per 32-bit word, the instruction, and the stored element type
 * ({@code f32_igemm_6x16__fma_ymm_float} for float).
 *
 * <p>Arguments: {@code a} the activations, {@code rowBase} the tile's rows' byte offsets (i64),
 * {@code tapOffset} and {@code taps} the taps' (or kernel rows') byte offsets, {@code channelWords} the words per tap,
 * {@code w} the first block's packed weights ({@code [tap][channel word][lanes][group]}),
 * {@code blockStride} the bytes between blocks, {@code initial} the blocks' accumulator start values and
 * then the arithmetic's other epilogue tables (each {@code [blocks][lanes]}), {@code out} the first result,
 * {@code outRow} the bytes between result rows, then the arithmetic's epilogue scalars. Shared code keeps
 * the generated module small: each layer's function only reorders its input, loops over tiles and copies
 * out, so optimization and machine-code generation stay fast.
 */
final class GemmMicrokernel {
    /** Unrolling of the reduction loop: enough to hide loads, little enough to keep compilation fast. */
    private static final int WORD_UNROLL = 2;

    private final TileArithmetic arithmetic;
    private final int rows;
    private final int blocks;

    GemmMicrokernel(TileArithmetic arithmetic, int rows, int blocks) {
        this.arithmetic = arithmetic;
        this.rows = rows;
        this.blocks = blocks;
    }

    /** The function's name, which states the tile it computes. */
    String name() {
        int group = arithmetic.group();
        return arithmetic.family() + "_" + rows + "x" + blocks * arithmetic.lanes() + (group > 1 ? "c" + group : "")
                + "__" + arithmetic.instruction() + "_" + arithmetic.storedElement();
    }

    /** Defines the function in {@code module} unless it is there already; returns its name. */
    String defineIn(IrModule module) {
        String name = name();
        if (!module.defines(name)) {
            List<Param> params = new ArrayList<>(List.of(Param.input("a"), Param.input("rowBase"),
                    Param.input("tapOffset"), new Param("i64", "taps", ""), new Param("i64", "channelWords", ""),
                    Param.input("w"), new Param("i64", "blockStride", ""), Param.input("initial")));
            for (String table : arithmetic.epilogueTables()) {
                params.add(Param.input(table));
            }
            params.add(new Param("ptr", "out", "noalias nocapture"));
            params.add(new Param("i64", "outRow", ""));
            params.addAll(arithmetic.epilogueScalars());
            write(module.function("internal", "void", name, params, "nounwind noinline"));
        }
        return name;
    }

    /**
     * Emits a call of this tile. {@code tables} are the pointers to this tile's first block in the start
     * values and each epilogue table; {@code scalars} the epilogue scalars as typed operands.
     */
    void call(FunctionWriter f, String a, String rowBase, String tapOffset, long taps, long channelWords, String w,
            long blockStride, List<String> tables, String out, long outRow, List<String> scalars) {
        List<String> args = new ArrayList<>(List.of("ptr " + a, "ptr " + rowBase, "ptr " + tapOffset, "i64 " + taps,
                "i64 " + channelWords, "ptr " + w, "i64 " + blockStride));
        for (String table : tables) {
            args.add("ptr " + table);
        }
        args.add("ptr " + out);
        args.add("i64 " + outRow);
        args.addAll(scalars);
        f.call("void", name(), args.toArray(String[]::new));
    }

    private void write(FunctionWriter f) {
        String vt = arithmetic.vectorType();
        int lanes = arithmetic.lanes();
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
        String word = arithmetic.wordType();
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
                    // align 1: a kernel row read as a run starts at any element (IndirectGemmKernel)
                    String x = f.broadcast(vt, f.load(word, f.gep(word, x0[r], cw), 1));
                    for (int b = 0; b < blocks; b++) {
                        f.store(vt, arithmetic.step(f, f.load(vt, acc[r][b]), x, w[b]), acc[r][b]);
                    }
                }
            });
        });
        String stored = Ir.vec(lanes, arithmetic.storedElement());
        int outBytes = arithmetic.storedBytes();
        List<String> tableNames = arithmetic.epilogueTables();
        for (int b = 0; b < blocks; b++) {
            List<String> tables = new ArrayList<>();
            for (String table : tableNames) {
                tables.add(f.load(Ir.withElement(vt, "float"), f.gep("i8", "%" + table, Long.toString(b * vectorBytes)), 4));
            }
            for (int r = 0; r < rows; r++) {
                String y = arithmetic.finish(f, f.load(vt, acc[r][b]), tables);
                String at = f.add("i64", f.mul("i64", "%outRow", Integer.toString(r)), Long.toString((long) b * lanes * outBytes));
                f.store(stored, y, f.gep("i8", "%out", at), outBytes);
            }
        }
        f.retVoid();
    }
}
