package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.FullyConnectedNode;
import java.util.function.Function;

/**
 * A convolution or fully connected layer seen as matrix products, one per (image, group):
 * {@code Y[row][oc] = sum_k A[row][k] * W[oc][k]}. For a fully connected layer the rows are the input
 * rows; for a convolution they are the output positions and {@code A} is the im2col copy of the input
 * ({@code k} = input channel within the group, then kernel tap, the order of the weights). Kernels that
 * compute the products in tiles use this to pack {@code A} into scratch and to copy their results from
 * a {@code [row][channel]} staging area into the output's layout.
 */
final class MatrixView {
    final Node node;
    /** The window of a convolution; null for a fully connected layer. */
    final Window2d window;
    final int batch;
    final int groups;
    final int rows;
    final int depth;
    /** Output channels per group. */
    final int channels;

    private MatrixView(Node node, Window2d window, int batch, int groups, int rows, int depth, int channels) {
        this.node = node;
        this.window = window;
        this.batch = batch;
        this.groups = groups;
        this.rows = rows;
        this.depth = depth;
        this.channels = channels;
    }

    static MatrixView conv(ConvNode conv, Window2d w) {
        int[] ws = conv.input(1).type().shape();
        return new MatrixView(conv, w, conv.input(0).type().dim(0), conv.group(), w.outPlane(), ws[1] * w.taps(),
                ws[0] / conv.group());
    }

    static MatrixView fullyConnected(FullyConnectedNode fc) {
        return new MatrixView(fc, null, 1, 1, fc.input(0).type().dim(0), fc.input(0).type().dim(1), fc.type().dim(1));
    }

    int totalChannels() {
        return groups * channels;
    }

    String describe() {
        return window == null ? "fully connected"
                : "conv " + window.kernel[0] + "x" + window.kernel[1] + (groups > 1 ? " group " + groups : "");
    }

    /**
     * Writes {@code A} for image {@code n} and group {@code g} into {@code a}: rows {@code rowStride}
     * elements of {@code elemType} apart; {@code load} turns an input element index into the stored value,
     * {@code pad} fills the taps outside the input and the columns past {@code depth}.
     */
    void pack(FunctionWriter f, String n, String g, String a, String elemType, long rowStride, String pad,
            Function<String, String> load) {
        if (window == null) {
            f.loop("i", 0, rows, i -> {
                String rowIn = f.mul("i64", i, Long.toString(depth));
                String rowOut = f.mul("i64", i, Long.toString(rowStride));
                f.loop("k", 0, depth, k -> f.store(elemType, load.apply(f.add("i64", rowIn, k)),
                        f.gep(elemType, a, f.add("i64", rowOut, k))));
                f.loop("k", depth, rowStride, k -> f.store(elemType, pad, f.gep(elemType, a, f.add("i64", rowOut, k))));
            });
            return;
        }
        f.loop("fill", 0, rows * rowStride, i -> f.store(elemType, pad, f.gep(elemType, a, i)));
        int cin = node.input(0).type().dim(1);
        int cinPerGroup = node.input(1).type().dim(1);
        long inPlane = window.inPlane();
        f.loop("c", 0, cinPerGroup, c -> {
            String inBase = f.mul("i64", f.madd(f.madd(c, g, cinPerGroup), n, cin), Long.toString(inPlane));
            String kBase = f.mul("i64", c, Long.toString(window.taps()));
            String[] k = new String[1];
            window.emitTapLoops(f, Ir.sanitize(node.name()) + ".pack", new Window2d.TapVisitor() {
                @Override
                public void tap(String kh, String kw) {
                    k[0] = f.madd(f.add("i64", kBase, kw), kh, window.kernel[1]);
                }

                @Override
                public void inside(String oh, String ow, String ih, String iw) {
                    String row = f.madd(ow, oh, window.out[1]);
                    String value = load.apply(f.add("i64", f.madd(inBase, ih, window.in[1]), iw));
                    f.store(elemType, value, f.gep(elemType, a, f.madd(k[0], row, rowStride)));
                }
            });
        });
    }

    /**
     * Copies the group's valid channels from {@code staging} ({@code [row][channel]}, rows
     * {@code stagingRow} elements apart) into the output: {@code [rows][channels]} for a fully
     * connected layer, {@code [n][channel][position]} for a convolution.
     */
    void copyOut(FunctionWriter f, String n, String g, String staging, long stagingRow, String output, ElemKind kind) {
        copyOut(f, n, g, staging, stagingRow, output, kind, "0", Long.toString(rows));
    }

    /**
     * {@link #copyOut} of rows {@code [rowFrom, rowTo)} only (i64 values): copying each block of rows
     * while its staged results are still in the cache, rather than sweeping the whole staging area once
     * per channel. A convolution's copy is a transpose ({@link ChannelsFirstCopy}); a fully connected
     * layer's copies rows.
     */
    void copyOut(FunctionWriter f, String n, String g, String staging, long stagingRow, String output, ElemKind kind,
            String rowFrom, String rowTo) {
        long cout = totalChannels();
        if (window != null) {
            String t = Ir.type(kind);
            String from = f.gep(t, staging, f.mul("i64", rowFrom, Long.toString(stagingRow)));
            String firstChannel = f.madd(f.mul("i64", g, Integer.toString(channels)), n, cout);
            String to = f.gep(t, output, f.add("i64", f.mul("i64", firstChannel, Long.toString(rows)), rowFrom));
            new ChannelsFirstCopy(kind.bytes()).emit(f, from, stagingRow, to, rows, channels, f.sub("i64", rowTo, rowFrom));
            return;
        }
        f.loop("row", rowFrom, rowTo, row -> f.loop("ch", 0, channels, ch ->
                Elements.copy(f, kind, staging, f.madd(ch, row, stagingRow), output, f.madd(f.madd(ch, g, channels), row, cout))));
    }
}
