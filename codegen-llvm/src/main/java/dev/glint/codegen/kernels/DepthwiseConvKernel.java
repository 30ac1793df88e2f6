package dev.glint.codegen.kernels;

import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.codegen.memory.Alignment;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Depthwise convolution (one input and one output channel per group) with constant weights, int8 or
 * float, channel by channel: the channel's input is copied into a zero-padded scratch plane
 * ({@link PaddedPlane}), then {@link DepthwiseMicrokernel} computes the output plane with all taps of a
 * vector of outputs in registers. The portable loops instead pass over the whole output (or an int32
 * accumulator plane) once per tap. Both shared functions are written once per module, so each layer's
 * own code is two calls in a loop over channels.
 *
 * <p>Int8 results equal the interpreter's: the accumulators are {@code bias + sum (x - z_x)(w - z_w)}
 * in int32, chosen only where int32 sums are provably exact, requantized per {@link QuantizedConv}.
 * On x86 the padded plane is interleaved into {@link RowPairs} for {@code pmaddwd}. Compile-time data:
 * the centred weights as int16 ({@code [channel][tap]}) or int16 pairs (kernel rows {@code kh, kh + 1}),
 * the bias and the per-channel multipliers (float: weights and bias as float).
 *
 * <p>Selected (see {@link #worthwhile}) where measured faster than the portable loops. With threads, the
 * channels are split into chunks, each thread padding into its own scratch plane. Between channels-last
 * layers ({@link Layouts}) the layer becomes a {@link ChannelsLastDepthwiseKernel} instead (see
 * {@link ConvEmitter}'s {@link LayoutChoice}), which needs no plane copies at all.
 */
final class DepthwiseConvKernel extends PackedWeightsKernel {
    /** Output columns from which a strided layer runs here: one vector block of {@link PaddedPlane}'s copy. */
    static final int MIN_STRIDED_COLUMNS = PaddedPlane.BLOCK;

    private final ConvNode node;
    private final Window2d window;
    private final Requantizer rq;
    private final boolean quantized;
    private final DepthwiseMicrokernel.Arithmetic arithmetic;
    private final int lanes;
    private final int channels;
    /** Threads that share the channels, each with its own scratch plane. */
    private final int slots;
    /** Multiply-adds of one channel (one image). */
    private final long channelMacs;
    /** Padded rows and elements per phase row of the scratch plane. */
    private final int paddedRows;
    private final int width;

    /**
     * Multiply-adds a thread must get for the channels to be split (a quarter of
     * {@link IndirectGemmKernel#MIN_MACS_PER_THREAD}: a depthwise multiply-add costs more, with its plane
     * copy).
     */
    static final long MIN_MACS_PER_THREAD = 1 << 15;
    /** Multiply-adds per claimed chunk of channels: enough that claiming (one atomic add) costs little. */
    private static final long MIN_MACS_PER_CHUNK = 1 << 13;

    /** How many pieces the channels are split into: one per thread at least, more when they are large enough. */
    private int chunks() {
        if (slots == 1) {
            return 1;
        }
        long wanted = Math.min((long) slots * ParallelFor.CHUNKS_PER_THREAD, channelMacs * channels / MIN_MACS_PER_CHUNK);
        return (int) Math.max(slots, Math.min(channels, wanted));
    }

    DepthwiseConvKernel(ConvNode node, Window2d window, TargetSpec target, Requantizer rq, Threads threads) {
        this.node = node;
        this.window = window;
        this.rq = rq;
        this.quantized = node.input(0).type().isQuantized();
        this.arithmetic = !quantized ? DepthwiseMicrokernel.Arithmetic.FLOAT
                : target.isX86() ? DepthwiseMicrokernel.Arithmetic.PMADDWD : DepthwiseMicrokernel.Arithmetic.INT16;
        this.lanes = arithmetic == DepthwiseMicrokernel.Arithmetic.PMADDWD ? pmaddwdLanes(target) : FloatFmaArithmetic.forTarget(target).lanes();
        this.channels = node.type().dim(1);
        this.channelMacs = (long) window.outPlane() * window.taps();
        this.slots = Math.min(channels, threads.forWork(channelMacs * channels, MIN_MACS_PER_THREAD));
        Window2d w = window;
        this.paddedRows = (w.out[0] - 1) * w.stride[0] + (w.kernel[0] - 1) * w.dilation[0] + 1;
        int vectors = (w.out[1] + lanes - 1) / lanes;
        // the last vector's loads, at the widest tap shift, stay inside the phase row
        this.width = vectors * lanes + (w.kernel[1] - 1) * w.dilation[1] / w.stride[1];
        pack();
    }

    /** int32 lanes of x86 {@code pmaddwd}: 16 with AVX-512BW, 8 with AVX2, 4 with SSE2 (every x86-64). */
    private static int pmaddwdLanes(TargetSpec target) {
        return target.has("avx512bw") && target.has("evex512") ? 16 : target.has("avx2") ? 8 : 4;
    }

    /**
     * Whether {@code node} is a depthwise convolution this kernel handles: groups equal to the input and
     * output channels, constant weights and bias, and for int8 8-bit per-tensor activations, 8-bit
     * weights, a requantized 8-bit output and int32 sums that cannot overflow.
     */
    static boolean supports(ConvNode node) {
        TensorType x = node.input(0).type();
        TensorType w = node.input(1).type();
        TensorType y = node.type();
        int c = x.dim(1);
        boolean shapeOk = node.group() == c && y.dim(1) == c && w.dim(1) == 1 && y.numElements() > 0
                && node.input(1) instanceof ConstantNode && (!node.hasBias() || node.input(2) instanceof ConstantNode);
        if (!shapeOk) {
            return false;
        }
        if (x.kind() == ElemKind.FLOAT32) {
            return true;
        }
        boolean kindsOk = eightBit(x.kind()) && x.quant().isPerTensor() && eightBit(w.kind()) && w.isQuantized()
                && eightBit(y.kind()) && y.isQuantized() && y.quant().isPerTensor();
        return kindsOk && Accumulation.productSumBound(node, c, w.numElements() / c) <= Integer.MAX_VALUE;
    }

    /**
     * Whether the kernel is faster than the portable loops for this window (measured on MobileNetV2's
     * layers, Zen 3): always with unit column stride; with a column stride, only when the output rows are
     * at least {@value #MIN_STRIDED_COLUMNS} wide, because the deinterleaving copy of narrower rows is
     * scalar (e.g. 14x14 to 7x7 with stride 2 is slower than the portable loops).
     */
    static boolean worthwhile(Window2d w) {
        return w.stride[1] == 1 || w.out[1] >= MIN_STRIDED_COLUMNS;
    }

    private static boolean eightBit(ElemKind k) {
        return k == ElemKind.INT8 || k == ElemKind.UINT8;
    }

    @Override
    public String description() {
        Window2d w = window;
        return (quantized ? "int8" : "float") + " depthwise conv " + w.kernel[0] + "x" + w.kernel[1] + " stride "
                + w.stride[0] + "x" + w.stride[1] + ", padded plane, " + lanes + " lanes";
    }

    private long rowPitch() {
        return (long) window.stride[1] * width;
    }

    /** Rows of the padded plane: with row pairs, {@code dilation} zero rows more for the last pair's high half. */
    private long planeRows() {
        return paddedRows + (arithmetic == DepthwiseMicrokernel.Arithmetic.PMADDWD ? window.dilation[0] : 0);
    }

    /** Bytes of the row-pair plane, first in scratch (0 unless pmaddwd). */
    private long pairBytes() {
        return arithmetic == DepthwiseMicrokernel.Arithmetic.PMADDWD ? Alignment.up(4L * paddedRows * rowPitch()) : 0;
    }

    /** The row-pair plane (if any), then the padded plane. */
    @Override
    public long scratchBytes() {
        return slots * slotBytes();
    }

    /** Bytes of one channel's packed weights (int16 for the int16 arithmetic, else 32-bit words). */
    private int weightBytesPerChannel() {
        return arithmetic.weights(window) * (arithmetic == DepthwiseMicrokernel.Arithmetic.INT16 ? 2 : 4);
    }

    /** One thread's scratch: the row pairs (pmaddwd), then the padded plane. */
    private long slotBytes() {
        return Alignment.up(pairBytes() + planeRows() * rowPitch() * (quantized ? 2 : 4));
    }

    private void pack() {
        int taps = window.taps();
        ByteBuffer weights = little(channels * weightBytesPerChannel());
        ByteBuffer bias = little(channels * 4);
        if (quantized) {
            int[] w = ((ConstantNode) node.input(1)).value().ints();
            int[] b = node.hasBias() ? ((ConstantNode) node.input(2)).value().ints() : null;
            QuantParams qw = node.input(1).type().quant();
            ByteBuffer mult = little(channels * 4);
            float[] m = QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), channels);
            for (int c = 0; c < channels; c++) {
                int z = qw.offset(qw.isPerTensor() ? 0 : c);
                if (arithmetic == DepthwiseMicrokernel.Arithmetic.PMADDWD) {
                    putPairs(weights, w, c, z);
                } else {
                    for (int t = 0; t < taps; t++) {
                        weights.putShort((short) (w[c * taps + t] - z)); // 8-bit codes minus their offset fit int16
                    }
                }
                bias.putInt(b == null ? 0 : b[c]);
                mult.putFloat(m[c]);
            }
            blobs.put("multipliers", mult.array());
        } else {
            float[] w = ((ConstantNode) node.input(1)).value().floats();
            float[] b = node.hasBias() ? ((ConstantNode) node.input(2)).value().floats() : null;
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < taps; t++) {
                    weights.putFloat(w[c * taps + t]);
                }
                bias.putFloat(b == null ? 0f : b[c]);
            }
        }
        blobs.put("weights", weights.array());
        blobs.put("bias", bias.array());
    }

    /**
     * Channel {@code c}'s centred weights as pmaddwd pairs, in the microkernel's step order (row pairs
     * outer, columns inner): kernel row {@code kh} in the low half, {@code kh + 1} (or 0 past the last
     * row) in the high half.
     */
    private void putPairs(ByteBuffer out, int[] w, int c, int z) {
        int kh0 = window.kernel[0];
        int kw0 = window.kernel[1];
        for (int kh = 0; kh < kh0; kh += 2) {
            for (int kw = 0; kw < kw0; kw++) {
                int base = c * kh0 * kw0;
                out.putShort((short) (w[base + kh * kw0 + kw] - z));
                out.putShort((short) (kh + 1 < kh0 ? w[base + (kh + 1) * kw0 + kw] - z : 0));
            }
        }
    }


    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        Window2d w = window;
        TensorType xt = node.input(0).type();
        String what = "Conv node '" + node.name() + "'";
        int zx = quantized ? QuantRange.of(xt, what).offset() : 0;
        QuantRange yr = quantized ? QuantRange.of(node.type(), what) : null;
        PaddedPlane pad = new PaddedPlane(xt.kind(), w.stride[1]);
        pad.defineIn(ctx.module());
        DepthwiseMicrokernel mk = new DepthwiseMicrokernel(w, arithmetic, lanes);
        mk.defineIn(ctx.module(), rq);
        boolean pairs = arithmetic == DepthwiseMicrokernel.Arithmetic.PMADDWD;
        if (pairs) {
            RowPairs.defineIn(ctx.module());
        }
        long top = Math.min(w.padBegin[0], paddedRows);
        // input rows past the padded extent are never read
        long rows = Math.max(0, Math.min(w.in[0], paddedRows - top));
        int inBytes = xt.kind().bytes();
        int outBytes = node.type().kind().bytes();
        int weightBytes = weightBytesPerChannel();
        String elem = quantized ? "i32" : "float";
        int batch = xt.dim(0);
        List<String> names = new ArrayList<>(blobs.keySet());
        f.loop("n", 0, batch, n -> {
            List<String> captured = new ArrayList<>(List.of("ptr " + ctx.input(0), "ptr " + ctx.output(),
                    "ptr " + ctx.scratch(), "i64 " + n));
            for (String name : names) {
                captured.add("ptr " + ctx.blob(name));
            }
            // chunk k is channels [k * C / chunks, (k + 1) * C / chunks), on the scratch of the thread that claims it
            int chunks = chunks();
            ParallelFor.emit(ctx, slots, "chunk", chunks, captured, (t, k, thread, v) -> {
                String from = t.assign("from", "udiv i64 " + t.mul("i64", k, Integer.toString(channels)) + ", " + chunks);
                String to = t.assign("to", "udiv i64 " + t.mul("i64", t.add("i64", k, "1"), Integer.toString(channels))
                        + ", " + chunks);
                String scratch = t.gep("i8", v.get(2), t.mul("i64", thread, Long.toString(slotBytes())));
                Map<String, String> blob = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    blob.put(names.get(i), v.get(4 + i));
                }
                t.loop("c", from, to, LoopHints.KEEP, c -> {
                    String plane = t.madd(c, v.get(3), channels);
                    String src = t.gep("i8", v.get(0), t.mul("i64", plane, Long.toString((long) w.inPlane() * inBytes)));
                    String out = t.gep("i8", v.get(1), t.mul("i64", plane, Long.toString((long) w.outPlane() * outBytes)));
                    String padded = t.byteOffset(scratch, pairBytes());
                    pad.call(t, src, w.in[1], padded, planeRows(), width, top, rows, w.padBegin[1], zx);
                    if (pairs) {
                        RowPairs.call(t, padded, scratch, paddedRows * rowPitch(), w.dilation[0] * rowPitch());
                    }
                    String weights = t.gep("i8", blob.get("weights"), t.mul("i64", c, Integer.toString(weightBytes)));
                    String bias = t.load(elem, t.gep(elem, blob.get("bias"), c), 4);
                    String mult = quantized ? t.load("float", t.gep("float", blob.get("multipliers"), c), 4) : "0.0";
                    mk.call(t, scratch, width, w.out[0], w.out[1], weights, bias, mult, out,
                            quantized ? yr.offset() : 0, quantized ? yr.qmin() : 0, quantized ? yr.qmax() : 0);
                });
            });
        });
        f.retVoid();
    }
}
