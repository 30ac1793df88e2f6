package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import dev.glint.ir.ElemKind;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.MaxPoolNode;
import dev.glint.ir.quant.QuantRange;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * 2-D max pooling on channels-last activations ({@code [n][h][w][c]} in and out), float or int8, with the
 * interpreter's results ({@link PoolEmitter}'s rules: float {@code llvm.maximum}, NaN propagating, an empty
 * window -inf; int8 the largest code, rescaled to the output's parameters, an empty window the output's
 * minimum). Per output position each tap reads its input position or, outside the image, a constant row
 * of the identity of max (-inf, or the kind's smallest code), chosen once for all channels; the loop over
 * channels then has no tests, and LLVM vectorizes it (the layer's code is a function of its own whose
 * pointers do not alias). Output rows of every image are split between threads.
 */
final class ChannelsLastMaxPoolKernel implements Kernel {
    /** Window taps a thread must get for the rows to be split. */
    private static final long MIN_TAPS_PER_THREAD = 1 << 15;

    private final MaxPoolNode node;
    private final Window2d window;
    /** Null for float. */
    private final Requantizer rq;
    private final int channels;
    private final byte[] identity;

    ChannelsLastMaxPoolKernel(MaxPoolNode node, Window2d window, Requantizer rq) {
        this.node = node;
        this.window = window;
        this.rq = rq;
        this.channels = node.type().dim(1);
        ElemKind kind = node.input(0).type().kind();
        ByteBuffer row = PackedWeightsKernel.little(channels * kind.bytes());
        for (int c = 0; c < channels; c++) {
            switch (kind.bytes()) {
                case 1 -> row.put((byte) kind.min());
                case 2 -> row.putShort((short) kind.min());
                case 4 -> {
                    if (kind == ElemKind.FLOAT32) {
                        row.putFloat(Float.NEGATIVE_INFINITY);
                    } else {
                        row.putInt((int) kind.min());
                    }
                }
                default -> throw new IllegalStateException("max pool of " + kind);
            }
        }
        this.identity = row.array();
    }

    /** 2-D max pools of 4-D float or quantized tensors (the element kinds {@link PoolEmitter} handles). */
    static boolean supports(MaxPoolNode node) {
        TensorType x = node.input(0).type();
        return x.rank() == 4 && node.type().rank() == 4 && (x.kind() == ElemKind.FLOAT32 || x.isQuantized())
                && x.kind().bytes() <= 4;
    }

    @Override
    public String description() {
        return (rq == null ? "float " : "int8 ") + "MaxPool " + window.kernel[0] + "x" + window.kernel[1] + ", channels-last";
    }

    @Override
    public Map<String, byte[]> constantBlobs() {
        return Map.of("identity", identity);
    }

    @Override
    public void emit(KernelContext ctx) {
        Window2d w = window;
        String function = "node." + Ir.sanitize(node.name()) + ".maxpool_nhwc";
        FunctionWriter body = ctx.module().function("internal", "void", function, List.of(
                new Param("ptr", "in", "noalias nocapture readonly"), new Param("ptr", "out", "noalias nocapture"),
                new Param("ptr", "identity", "noalias nocapture readonly"), new Param("i64", "from", ""),
                new Param("i64", "to", "")), "nounwind noinline");
        body.loop("row", "%from", "%to", LoopHints.KEEP, row -> emitRow(body, row));
        body.retVoid();
        long rows = (long) node.type().dim(0) * w.out[0];
        int threads = ctx.threads().forWork(rows * w.out[1] * channels * w.taps(), MIN_TAPS_PER_THREAD);
        ParallelFor.ranges(ctx, threads, "rows", rows, List.of("ptr " + ctx.input(0), "ptr " + ctx.output(),
                "ptr " + ctx.blob("identity")), (f, from, to, v) -> f.call("void", function, "ptr " + v.get(0),
                "ptr " + v.get(1), "ptr " + v.get(2), "i64 " + from, "i64 " + to));
        ctx.f().retVoid();
    }

    /** Output row {@code row} (image-major over all images): every position, every channel. */
    private void emitRow(FunctionWriter f, String row) {
        Window2d w = window;
        ElemKind inKind = node.input(0).type().kind();
        String elem = Ir.type(inKind);
        String n = f.assign("n", "udiv i64 " + row + ", " + w.out[0]);
        String oh = f.sub("i64", row, f.mul("i64", n, Integer.toString(w.out[0])));
        String image = f.mul("i64", n, Long.toString(w.inPlane()));
        ChannelsLastTaps reads = new ChannelsLastTaps(w, Integer.toString(w.in[0]), Integer.toString(w.in[1]),
                Integer.toString(channels), Integer.toString(w.padBegin[0]), Integer.toString(w.padBegin[1]), elem);
        f.loop("ow", 0, w.out[1], LoopHints.KEEP, ow -> {
            ChannelsLastTaps.Taps at = reads.at(f, "%in", "%identity", image, oh, ow);
            List<String> taps = at.pointers();
            String inside = at.inside();
            String empty = f.icmp("eq", "i64", inside, "0");
            String position = f.madd(ow, row, w.out[1]);
            String to = f.gep(Ir.type(node.type().kind()), "%out", f.mul("i64", position, Integer.toString(channels)));
            f.loop("c", 0, channels, c -> {
                if (rq == null) {
                    String m = Elements.loadFloat(f, taps.get(0), c);
                    for (int t = 1; t < taps.size(); t++) {
                        m = f.fIntrinsic("maximum", "float", m, Elements.loadFloat(f, taps.get(t), c));
                    }
                    Elements.storeFloat(f, m, to, c);
                    return;
                }
                String m = Elements.loadInt(f, inKind, taps.get(0), c);
                for (int t = 1; t < taps.size(); t++) {
                    m = f.smax("i32", m, Elements.loadInt(f, inKind, taps.get(t), c));
                }
                Elements.storeInt(f, node.type().kind(), quantizedResult(f, m, empty), to, c);
            });
        });
    }

    /** The largest code {@code m}, rescaled to the output's parameters; the output's minimum for an empty window. */
    private String quantizedResult(FunctionWriter f, String m, String empty) {
        String what = "MaxPool node '" + node.name() + "'";
        QuantRange xr = QuantRange.of(node.input(0).type(), what);
        QuantRange yr = QuantRange.of(node.type(), what);
        boolean sameParams = xr.equals(yr) && node.input(0).type().kind() == node.type().kind();
        String rescaled = sameParams ? m : ElementwiseEmitter.rescale(f, rq, m, xr, yr);
        return f.select(empty, "i32", Integer.toString(yr.qmin()), rescaled);
    }
}
