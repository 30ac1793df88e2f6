package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.TensorType;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Int8 convolution and fully connected layers on a dot-product instruction ({@link DotProductIsa}), as
 * an indirect matrix product ({@link IndirectGemmKernel}).
 *
 * <p>The weights are packed into the instruction's layout (int16 for {@code vpmaddwd}, bytes otherwise),
 * and the start values absorb the activation shift and offset: with packed activations {@code v = x + s}
 * (the shift {@code s} makes them fit the instruction's operand type) and padding holding
 * {@code z_x + s}, {@code sum_k (x - z_x) w = sum_k v w - (z_x + s) sum_k w}, so each accumulator starts
 * at {@code bias - (z_x + s) * sum_k w}. The instructions accumulate exactly in int32, and this kernel is
 * only chosen where int32 sums are provably exact, so the accumulators equal the interpreter's; each
 * lane is then requantized per the numeric contract. Requires constant weights with offset 0
 * (symmetric) and a constant bias; otherwise the portable loops run.
 */
final class DotProductKernel extends IndirectGemmKernel {
    private final DotProductIsa isa;
    private final int shift;
    private final int[] weights;
    private final int[] bias;
    private final float[] multipliers;
    private final int sumOffset;
    private final QuantRange yr;

    DotProductKernel(MatrixView view, DotProductIsa isa, Requantizer rq) {
        super(view, new Int8DotArithmetic(isa, rq, Ir.type(view.node.type().kind())), tileShape(isa));
        this.isa = isa;
        this.shift = isa.activationShift(node.input(0).type().kind());
        this.weights = ((ConstantNode) node.input(1)).value().ints();
        this.bias = node.numInputs() == 3 ? ((ConstantNode) node.input(2)).value().ints() : null;
        this.multipliers = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(),
                view.totalChannels());
        this.sumOffset = node.input(0).type().quant().offset() + shift;
        this.yr = QuantRange.of(node.type(), node.op() + " node '" + node.name() + "'");
        packConstants();
    }

    private DotProductKernel(DotProductKernel other, Layouts layouts) {
        super(other, layouts);
        this.isa = other.isa;
        this.shift = other.shift;
        this.weights = other.weights;
        this.bias = other.bias;
        this.multipliers = other.multipliers;
        this.sumOffset = other.sumOffset;
        this.yr = other.yr;
    }

    @Override
    public Kernel withLayouts(Layouts layouts) {
        return new DotProductKernel(this, layouts);
    }

    private static TileShape tileShape(DotProductIsa isa) {
        return switch (isa) {
            case AVX2, AVX2_BYTES, VNNI_256 -> TileShape.SIXTEEN_REGISTERS;
            case VNNI_512, EMULATED_VNNI, SDOT, EMULATED_SDOT -> TileShape.THIRTY_TWO_REGISTERS;
        };
    }

    /**
     * The kernel for {@code view} on {@code isa}; on AVX2, the byte instruction ({@link DotProductIsa#AVX2_BYTES},
     * a third fewer instructions per multiply-add and half the bytes) when the layer's weights make it exact.
     */
    static DotProductKernel create(MatrixView view, DotProductIsa isa, Requantizer rq) {
        boolean bytes = isa == DotProductIsa.AVX2 && bytePairsExact(view);
        return new DotProductKernel(view, bytes ? DotProductIsa.AVX2_BYTES : isa, rq);
    }

    /**
     * Whether every pair of weights that {@code vpmaddubsw} sums (elements {@code 2m} and {@code 2m + 1} of
     * a read, in the order the byte packing reads them: two channels of a tap, or neighbours in a kernel
     * row's run) is exact for any activations.
     */
    private static boolean bytePairsExact(MatrixView view) {
        int[] w = ((ConstantNode) view.node.input(1)).value().ints();
        ReductionOrder order = ReductionOrder.of(view, DotProductIsa.AVX2_BYTES.group());
        int elements = order.wordsPerRead() * order.group();
        for (int base = 0; base < w.length; base += view.depth) {
            for (int read = 0; read < order.reads(); read++) {
                for (int e = 0; e < elements; e += 2) {
                    int first = order.index(read, e);
                    int second = order.index(read, e + 1);
                    if (!DotProductIsa.pairIsExact(first < 0 ? 0 : w[base + first], second < 0 ? 0 : w[base + second])) {
                        return false;
                    }
                }
            }
        }
        return true;
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

    @Override
    public String description() {
        return "int8 " + view.describe() + ", " + isa.description() + ", tiles " + shape.rows() + "x"
                + shape.blocks() * isa.lanes() + readDescription() + layoutDescription();
    }

    @Override
    void putWeight(ByteBuffer packed, int index) {
        int v = index < 0 ? 0 : weights[index];
        if (isa.elementBytes() == 1) {
            packed.put((byte) v);
        } else {
            packed.putShort((short) v);
        }
    }

    @Override
    void putStart(ByteBuffer start, int channel) {
        if (channel < 0) {
            start.putInt(0);
            return;
        }
        int depth = view.depth;
        int sum = 0;
        for (int k = 0; k < depth; k++) {
            sum += weights[channel * depth + k];
        }
        start.putInt((bias == null ? 0 : bias[channel]) - sumOffset * sum);
    }

    @Override
    void putEpilogue(List<ByteBuffer> tables, int channel) {
        tables.get(0).putFloat(channel < 0 ? 1f : multipliers[channel]);
    }

    @Override
    ElementTransform packing() {
        if (isa.elementBytes() == 1) {
            return new ElementTransform("i8", "i8", "", shift);
        }
        return new ElementTransform("i8", "i16", node.input(0).type().kind() == ElemKind.UINT8 ? "zext" : "sext", shift);
    }

    @Override
    String paddingSource() {
        return Long.toString(ElementTransform.wrapped(node.input(0).type().quant().offset(), "i8"));
    }

    @Override
    List<String> epilogueScalars() {
        return List.of("i32 " + yr.offset(), "i32 " + yr.qmin(), "i32 " + yr.qmax());
    }
}
