package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * The innermost int8 matrix-product tile, written once per module and called by every layer of that
 * tile shape: {@code rows} rows of packed activations times {@code blocks} vectors of output channels
 * ({@code blocks * lanes} channels), over the whole reduction, with the requantization in the epilogue.
 * Its name states its contract in the XNNPACK manner, e.g. {@code qs8_gemm_6x16c2__vpmaddwd_ymm_i8}:
 * signed 8-bit weights, a 6-row by 16-channel tile, 2 reduction elements per 32-bit word, the
 * instruction, and the stored element type.
 *
 * <p>Arguments: {@code a} the tile's activations ({@code [word][row][group]}, contiguous), {@code w} the
 * first block's packed weights ({@code [word][lanes][group]}), {@code blockStride} the bytes between
 * blocks, {@code words} the reduction length in words, {@code initial} and {@code mult} the blocks'
 * accumulator start values and float multipliers ({@code [blocks][lanes]}), {@code out} the first
 * result, {@code outRow} the bytes between result rows, and the output offset and clamp range as i32.
 * Shared code keeps the generated module small: each layer's function only packs, loops over tiles and
 * copies out, so optimization and machine-code generation stay fast.
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
        return "qs8_gemm_" + rows + "x" + blocks * isa.lanes() + "c" + isa.group() + "__" + instruction + "_" + outType;
    }

    /** Defines the function in {@code module} unless it is there already; returns its name. */
    String defineIn(IrModule module, Requantizer rq) {
        String name = name();
        if (!module.defines(name)) {
            write(module.function("internal", "void", name, List.of(Param.input("a"), Param.input("w"),
                    new Param("i64", "blockStride", ""), new Param("i64", "words", ""), Param.input("initial"),
                    Param.input("mult"), new Param("ptr", "out", "noalias nocapture"), new Param("i64", "outRow", ""),
                    new Param("i32", "zy", ""), new Param("i32", "qmin", ""), new Param("i32", "qmax", "")),
                    "nounwind noinline"), rq);
        }
        return name;
    }

    /** Emits a call of this tile. */
    void call(FunctionWriter f, String a, String w, long blockStride, long words, String start, String mult,
            String out, long outRow, int zy, int qmin, int qmax) {
        f.call("void", name(), "ptr " + a, "ptr " + w, "i64 " + blockStride, "i64 " + words, "ptr " + start,
                "ptr " + mult, "ptr " + out, "i64 " + outRow, "i32 " + zy, "i32 " + qmin, "i32 " + qmax);
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
        f.loop("word", "0", "%words", LoopHints.unrollBy(WORD_UNROLL), word -> {
            String wOffset = f.mul("i64", word, Long.toString(vectorBytes));
            String[] w = new String[blocks];
            for (int b = 0; b < blocks; b++) {
                w[b] = f.load(vt, f.gep("i8", wBlock[b], wOffset), 4);
            }
            String aRow = f.gep("i8", "%a", f.mul("i64", word, Long.toString(4L * rows)));
            for (int r = 0; r < rows; r++) {
                String x = f.broadcast(vt, f.load("i32", f.gep("i8", aRow, Integer.toString(4 * r)), 4));
                for (int b = 0; b < blocks; b++) {
                    f.store(vt, isa.dot(f, f.load(vt, acc[r][b]), x, w[b]), acc[r][b]);
                }
            }
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
