package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.ir.ConstantNode;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.quant.QuantRange;
import dev.glint.ir.quant.QuantizedConv;
import java.util.ArrayList;
import java.util.List;

/**
 * Int8 depthwise convolution (one input and one output channel per group), {@code qs8_dwconv}: each
 * channel is a small 2-D stencil over its own plane, which a matrix-product kernel would run with one
 * useful lane in a vector. Per channel, the centred input {@code x - z_x} is copied as int16 into a
 * plane padded with zeros (the padding's centred value), so that the loop over output columns has no
 * bounds test; the taps are unrolled with the weights as compile-time constants, the int32 sums are
 * requantized in the same loop and stored straight into the output's plane. That loop is left to the
 * vectorizer, which runs it over several output columns at once. Channels are split across threads.
 *
 * <p>Requires what {@link DotProductKernel#supports} requires (constant symmetric weights, constant
 * bias, per-tensor activations, int32 sums provably exact), so the sums equal the interpreter's.
 */
final class DepthwiseConvKernel implements Kernel {
    private final ConvNode node;
    private final Window2d w;
    private final Requantizer rq;
    private final int channels;
    private final int paddedH;
    private final int paddedW;

    DepthwiseConvKernel(ConvNode node, Window2d w, Requantizer rq) {
        this.node = node;
        this.w = w;
        this.rq = rq;
        this.channels = node.type().dim(1);
        this.paddedH = (w.out[0] - 1) * w.stride[0] + (w.kernel[0] - 1) * w.dilation[0] + 1;
        this.paddedW = (w.out[1] - 1) * w.stride[1] + (w.kernel[1] - 1) * w.dilation[1] + 1;
    }

    /** A depthwise convolution of the form {@link DotProductKernel} accepts: one channel in and out per group. */
    static boolean supports(ConvNode conv) {
        int cin = conv.input(0).type().dim(1);
        return conv.group() > 1 && conv.group() == cin && conv.type().dim(1) == cin && DotProductKernel.supports(conv);
    }

    @Override
    public String description() {
        return "int8 depthwise conv " + w.kernel[0] + "x" + w.kernel[1] + " (qs8_dwconv, planes of int16)";
    }

    private long planeElements() {
        return (long) paddedH * paddedW;
    }

    /** One padded int16 plane per channel (each thread fills the planes of its own channels). */
    @Override
    public long scratchBytes() {
        return 2L * planeElements() * channels;
    }

    @Override
    public boolean readsInput(int index) {
        return index == 0; // weights and bias are compile-time constants here
    }

    @Override
    public void emit(KernelContext ctx) {
        FunctionWriter f = ctx.f();
        String name = Ir.sanitize(node.name());
        int[] weights = ((ConstantNode) node.input(1)).value().ints();
        int[] bias = node.hasBias() ? ((ConstantNode) node.input(2)).value().ints() : new int[channels];
        List<String> wv = new ArrayList<>();
        for (int v : weights) {
            wv.add(Integer.toString(v));
        }
        List<String> bv = new ArrayList<>();
        for (int v : bias) {
            bv.add(Integer.toString(v));
        }
        String wTable = ctx.module().constantTable(name + ".w", "i32", wv);
        String bTable = ctx.module().constantTable(name + ".bias", "i32", bv);
        String mTable = ctx.module().floatTable(name + ".mult",
                QuantizedConv.multipliers(node.input(0).type(), node.input(1).type(), node.type(), channels));
        int batch = node.input(0).type().dim(0);
        List<String> captured = List.of("ptr " + ctx.input(0), "ptr " + ctx.output(), "ptr " + ctx.scratch());
        ParallelFor.emit(ctx, ctx.threads(), "channel", (long) batch * channels, captured, (t, nc, v) ->
                channel(t, nc, v.get(0), v.get(1), v.get(2), wTable, bTable, mTable));
        f.retVoid();
    }

    /** Plane {@code nc} (image times channels plus channel): centre and pad it, then the stencil. */
    private void channel(FunctionWriter f, String nc, String input, String output, String scratch, String wTable,
            String bTable, String mTable) {
        ElemKind kind = node.input(0).type().kind();
        int zx = node.input(0).type().quant().offset();
        String c = f.assign("c", "urem i64 " + nc + ", " + channels);
        String plane = f.gep("i16", scratch, f.mul("i64", c, Long.toString(planeElements())));
        f.loop("fill", 0, planeElements(), i -> f.store("i16", "0", f.gep("i16", plane, i)));
        long ihEnd = Math.min(w.in[0], paddedH - w.padBegin[0]);
        long iwEnd = Math.min(w.in[1], paddedW - w.padBegin[1]);
        String inBase = f.mul("i64", nc, Long.toString(w.inPlane()));
        f.loop("ih", 0, ihEnd, ih -> {
            String from = f.madd(inBase, ih, w.in[1]);
            String to = f.add("i64", f.mul("i64", f.add("i64", ih, Integer.toString(w.padBegin[0])), Long.toString(paddedW)),
                    Integer.toString(w.padBegin[1]));
            f.loop("iw", 0, iwEnd, iw -> {
                String x = Elements.loadInt(f, kind, input, f.add("i64", from, iw));
                String centred = f.convert("trunc", "i32", f.sub("i32", x, Integer.toString(zx)), "i16");
                f.store("i16", centred, f.gep("i16", plane, f.add("i64", to, iw)));
            });
        });
        int taps = w.taps();
        String[] weight = new String[taps];
        String wBase = f.mul("i64", c, Integer.toString(taps));
        for (int t = 0; t < taps; t++) {
            weight[t] = f.load("i32", f.gep("i32", wTable, f.add("i64", wBase, Integer.toString(t))));
        }
        String bias = f.load("i32", f.gep("i32", bTable, c));
        String multiplier = f.load("float", f.gep("float", mTable, c));
        QuantRange yr = QuantRange.of(node.type(), "Conv node '" + node.name() + "'");
        ElemKind outKind = node.type().kind();
        String outBase = f.mul("i64", nc, Long.toString(w.outPlane()));
        f.loop("oh", 0, w.out[0], oh -> {
            String rowIn = f.mul("i64", oh, Long.toString((long) w.stride[0] * paddedW));
            String rowOut = f.madd(outBase, oh, w.out[1]);
            f.loop("ow", 0, w.out[1], LoopHints.NONE, ow -> {
                String at = f.add("i64", rowIn, f.mul("i64", ow, Integer.toString(w.stride[1])));
                String acc = bias;
                for (int kh = 0; kh < w.kernel[0]; kh++) {
                    for (int kw = 0; kw < w.kernel[1]; kw++) {
                        long offset = (long) kh * w.dilation[0] * paddedW + (long) kw * w.dilation[1];
                        String x = f.load("i16", f.gep("i16", plane, f.add("i64", at, Long.toString(offset))));
                        String wide = f.convert("sext", "i16", x, "i32");
                        acc = f.addWrap("i32", acc, f.mulWrap("i32", wide, weight[kh * w.kernel[1] + kw]));
                    }
                }
                String y = rq.requantize(f, "i32", acc, multiplier, yr.offset(), yr.qmin(), yr.qmax());
                Elements.storeInt(f, outKind, y, output, f.add("i64", rowOut, ow));
            });
        });
    }
}
