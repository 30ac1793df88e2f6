package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.IrModule.Param;
import java.util.List;

/**
 * What a {@link GemmMicrokernel} tile computes, separate from how the tile walks its operands: the
 * accumulator vectors, the multiply-accumulate of one broadcast activation word with one vector of packed
 * weights, and the epilogue that turns an accumulator into the stored result. One implementation per
 * element type and instruction ({@link Int8DotArithmetic}, {@link FloatFmaArithmetic}).
 */
interface TileArithmetic {
    /** The contract's element prefix in kernel names, e.g. {@code qs8_igemm} or {@code f32_igemm}. */
    String family();

    /** The instruction and register width in kernel names, e.g. {@code vpmaddwd_ymm}. */
    String instruction();

    /** Output channels per accumulator vector. */
    int lanes();

    /** Reduction elements in one activation word (and per lane of a weight vector). */
    int group();

    /** Bytes of one packed activation or weight element. */
    int elementBytes();

    /** The accumulator (and packed weight) vector type, e.g. {@code <8 x i32>}. */
    String vectorType();

    /** The scalar type of one activation word as loaded and broadcast, {@code i32} or {@code float}. */
    String wordType();

    /** {@code acc} plus the per-lane products of the broadcast activation word and the weight vector. */
    String step(FunctionWriter f, String acc, String activations, String weights);

    /**
     * Names of the per-block float vector tables the epilogue reads besides the accumulator start values
     * (e.g. the requantization multipliers), in the order the microkernel takes them.
     */
    List<String> epilogueTables();

    /** Scalar parameters of the epilogue (e.g. the output offset and clamp range), after {@code outRow}. */
    List<Param> epilogueScalars();

    /** The element type stored per lane, e.g. {@code i8}, {@code i32} or {@code float}. */
    String storedElement();

    /** Bytes of one stored element. */
    default int storedBytes() {
        String element = storedElement();
        return element.equals("float") ? 4 : Integer.parseInt(element.substring(1)) / 8;
    }

    /**
     * The vector to store for accumulator {@code acc}; {@code tables} holds this block's vector of each
     * {@link #epilogueTables} table, and the epilogue scalars are the function's parameters of those names.
     */
    String finish(FunctionWriter f, String acc, List<String> tables);
}
