package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.Node;
import dev.glint.ir.QuantParams;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.DequantizeNode;
import dev.glint.ir.ops.QuantizeNode;
import dev.glint.ir.ops.RescaleNode;
import dev.glint.ir.quant.NumericContract;
import dev.glint.ir.quant.QuantRange;

/**
 * Conversions between float and quantized integers, per {@link NumericContract}: Quantize divides by the
 * scale ({@code fdiv}, not a multiplication by the reciprocal) then rounds, clamps and offsets;
 * Dequantize subtracts the offset exactly and multiplies once; Rescale multiplies by {@code s_in / s_out}.
 * Per-axis parameters get one loop level per axis index, with that index's constants written out.
 */
public final class QuantizeEmitter implements KernelEmitter {
    @Override
    public Kernel select(Node node, KernelTarget target) {
        if (node instanceof QuantizeNode q) {
            return new SimpleKernel("quantize", ctx -> quantize(ctx, q, new Requantizer(target.spec())));
        }
        if (node instanceof DequantizeNode d) {
            return new SimpleKernel("dequantize", ctx -> dequantize(ctx, d));
        }
        if (node instanceof RescaleNode r) {
            return new SimpleKernel("rescale", ctx -> rescale(ctx, r, new Requantizer(target.spec())));
        }
        return null;
    }

    /**
     * Walks the tensor of type {@code t} as {@code [outer, channels, inner]} around its quantized axis
     * (a single channel for per-tensor parameters) and calls {@code body(channel, index)} with the
     * channel's number as a Java int, so that its constants can be written into the code.
     */
    private static void perChannel(FunctionWriter f, TensorType t, ChannelBody body) {
        QuantParams q = t.quant();
        int[] shape = t.shape();
        long n = t.numElements();
        if (q.isPerTensor()) {
            f.loop("i", 0, n, i -> body.accept(0, i));
            return;
        }
        int axis = q.axis();
        long outer = DataMovementEmitter.product(shape, 0, axis);
        long inner = DataMovementEmitter.product(shape, axis + 1, shape.length);
        int channels = shape[axis];
        f.loop("o", 0, outer, o -> {
            for (int c = 0; c < channels; c++) {
                int channel = c;
                String base = f.mul("i64", f.add("i64", f.mul("i64", o, Long.toString(channels)), Long.toString(c)),
                        Long.toString(inner));
                f.loop("i", 0, inner, i -> body.accept(channel, f.add("i64", base, i)));
            }
        });
    }

    @FunctionalInterface
    private interface ChannelBody {
        void accept(int channel, String index);
    }

    private static void quantize(KernelContext ctx, QuantizeNode node, Requantizer rq) {
        FunctionWriter f = ctx.f();
        TensorType t = node.type();
        QuantParams q = t.quant();
        int qmin = (int) t.kind().min();
        int qmax = (int) t.kind().max();
        perChannel(f, t, (c, i) -> {
            String x = Elements.loadFloat(f, ctx.input(0), i);
            String p = f.fdiv("float", x, Ir.f32(q.scale(c)));
            Elements.storeInt(f, t.kind(), rq.roundClampOffset(f, "float", p, q.offset(c), qmin, qmax), ctx.output(), i);
        });
        f.retVoid();
    }

    private static void dequantize(KernelContext ctx, DequantizeNode node) {
        FunctionWriter f = ctx.f();
        TensorType t = node.input(0).type();
        QuantParams q = t.quant();
        perChannel(f, t, (c, i) -> {
            String v = Elements.loadInt(f, t.kind(), ctx.input(0), i);
            String centered = f.addWrap("i32", v, Integer.toString(-q.offset(c)));
            String x = f.fmul("float", f.convert("sitofp", "i32", centered, "float"), Ir.f32(q.scale(c)));
            Elements.storeFloat(f, x, ctx.output(), i);
        });
        f.retVoid();
    }

    private static void rescale(KernelContext ctx, RescaleNode node, Requantizer rq) {
        FunctionWriter f = ctx.f();
        String what = "Rescale node '" + node.name() + "'";
        TensorType in = node.input(0).type();
        QuantRange from = QuantRange.of(in, what);
        QuantRange to = QuantRange.of(node.type(), what);
        f.loop("i", 0, in.numElements(), i -> {
            String v = Elements.loadInt(f, in.kind(), ctx.input(0), i);
            Elements.storeInt(f, node.type().kind(), ElementwiseEmitter.rescale(f, rq, v, from, to), ctx.output(), i);
        });
        f.retVoid();
    }
}
