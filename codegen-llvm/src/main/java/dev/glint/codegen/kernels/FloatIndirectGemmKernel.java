package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Float convolutions and fully connected layers with constant weights as an indirect matrix product
 * ({@link IndirectGemmKernel}) on FMA tiles ({@link FloatFmaArithmetic}): a convolution's input is
 * reordered channels-last once (zero padding), not copied once per tap as an im2col matrix would be, and
 * the accumulators start at the bias.
 */
final class FloatIndirectGemmKernel extends IndirectGemmKernel {
    private final float[] weights;
    private final float[] bias;
    /** The clamp of a fused activation, or null. */
    private final float[] clamp;

    FloatIndirectGemmKernel(MatrixView view, TargetSpec target) {
        super(view, FloatFmaArithmetic.forTarget(target), tileShape(target));
        this.weights = ((ConstantNode) node.input(1)).value().floats();
        this.bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().floats() : null;
        this.clamp = null;
        packConstants();
    }

    private FloatIndirectGemmKernel(FloatIndirectGemmKernel unclamped, float lo, float hi) {
        super(unclamped, ((FloatFmaArithmetic) unclamped.arithmetic).clamped());
        this.weights = unclamped.weights;
        this.bias = unclamped.bias;
        this.clamp = new float[] {lo, hi};
    }

    private FloatIndirectGemmKernel(FloatIndirectGemmKernel other, Layouts layouts) {
        super(other, layouts);
        this.weights = other.weights;
        this.bias = other.bias;
        this.clamp = other.clamp;
    }

    @Override
    public Kernel withLayouts(Layouts layouts) {
        return new FloatIndirectGemmKernel(this, layouts);
    }

    @Override
    public Kernel withActivation(float lo, float hi) {
        return clamp == null ? new FloatIndirectGemmKernel(this, lo, hi) : null;
    }

    @Override
    List<String> epilogueScalars() {
        return clamp == null ? List.of() : List.of("float " + Ir.f32(clamp[0]), "float " + Ir.f32(clamp[1]));
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
                + shape.blocks() * arithmetic.lanes() + (clamp == null ? "" : ", clamped to [" + clamp[0] + ", " + clamp[1] + "]")
                + layoutDescription();
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
    ElementTransform packing() {
        return ElementTransform.identity("float");
    }

    @Override
    String paddingSource() {
        return Ir.f32(0f);
    }
}
