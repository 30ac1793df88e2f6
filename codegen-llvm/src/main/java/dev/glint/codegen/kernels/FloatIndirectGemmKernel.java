package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import java.nio.ByteBuffer;

/**
 * Float convolutions and fully connected layers with constant weights as an indirect matrix product
 * ({@link IndirectGemmKernel}) on FMA tiles ({@link FloatFmaArithmetic}): a convolution's input is
 * reordered channels-last once (zero padding), not copied once per tap as an im2col matrix would be, and
 * the accumulators start at the bias.
 */
final class FloatIndirectGemmKernel extends IndirectGemmKernel {
    private final float[] weights;
    private final float[] bias;

    FloatIndirectGemmKernel(MatrixView view, TargetSpec target) {
        super(view, FloatFmaArithmetic.forTarget(target), tileShape(target));
        this.weights = ((ConstantNode) node.input(1)).value().floats();
        this.bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().floats() : null;
        packConstants();
    }

    /** 16 vector registers on x86 without AVX-512, 32 with it and on AArch64. */
    private static TileShape tileShape(TargetSpec target) {
        return target.isX86() && !(target.has("avx512f") && target.has("evex512")) ? TileShape.SIXTEEN_REGISTERS
                : TileShape.THIRTY_TWO_REGISTERS;
    }

    /** Float layers whose weights and bias are constants. */
    static boolean supports(Node node) {
        return node.input(0).type().kind() == ElemKind.FLOAT32 && node.input(1) instanceof ConstantNode
                && (node.numInputs() < 3 || node.input(2) instanceof ConstantNode);
    }

    /**
     * Whether tiling pays for {@code channelsPerGroup} output channels per group: a vector holds one
     * channel per lane, so depthwise convolutions (one channel per group) are better served by loops that
     * vectorize over output positions.
     */
    static boolean worthwhile(int channelsPerGroup, TargetSpec target) {
        return 2 * channelsPerGroup >= FloatFmaArithmetic.forTarget(target).lanes();
    }

    @Override
    public String description() {
        return "float " + view.describe() + ", " + arithmetic.instruction() + ", tiles " + shape.rows() + "x"
                + shape.blocks() * arithmetic.lanes();
    }

    @Override
    void putWeight(ByteBuffer packed, int index) {
        packed.putFloat(index < 0 ? 0f : weights[index]);
    }

    @Override
    void putStart(ByteBuffer start, int channel) {
        start.putFloat(channel < 0 || bias == null ? 0f : bias[channel]);
    }

    @Override
    String packedElement() {
        return "float";
    }

    @Override
    String paddingValue() {
        return "0.0";
    }

    @Override
    String loadPacked(FunctionWriter f, String input, String index) {
        return Elements.loadFloat(f, input, index);
    }
}
