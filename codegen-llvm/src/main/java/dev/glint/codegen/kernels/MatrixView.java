package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.ops.ConvNode;
import dev.glint.ir.ops.FullyConnectedNode;
import java.util.List;

/**
 * A convolution or fully connected layer seen as matrix products, one per (image, group):
 * {@code Y[row][oc] = sum_k A[row][k] * W[oc][k]}. For a fully connected layer the rows are the input
 * rows; for a convolution they are the output positions and {@code A} is the (never materialized)
 * im2col matrix of the input ({@code k} = input channel within the group, then kernel tap, the order of
 * the weights). Kernels that compute the products in tiles use this to copy their results from a
 * {@code [row][channel]} staging area into the output's layout.
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
     * Copies the group's valid channels of rows {@code [rowFrom, rowTo)} (i64 values) from
     * {@code staging} ({@code [row][channel]}, rows {@code stagingRow} elements apart) into the output:
     * {@code [rows][channels]} for a fully connected layer, {@code [n][channel][position]} for a
     * convolution, or {@code [n][position][channel]} with {@code channelsLast}. Kernels copy each block of
     * rows while its staged results are still in the cache, rather than sweeping the whole staging area
     * once per channel. Into channels-first the copy is a transpose ({@link ChannelsFirstCopy}); otherwise
     * it copies rows.
     */
    void copyOut(FunctionWriter f, String n, String g, String staging, long stagingRow, String output, ElemKind kind,
            String rowFrom, String rowTo, boolean channelsLast) {
        long cout = totalChannels();
        if (window != null && !channelsLast) {
            String t = Ir.type(kind);
            String from = f.gep(t, staging, f.mul("i64", rowFrom, Long.toString(stagingRow)));
            String firstChannel = f.madd(f.mul("i64", g, Integer.toString(channels)), n, cout);
            String to = f.gep(t, output, f.add("i64", f.mul("i64", firstChannel, Long.toString(rows)), rowFrom));
            new ChannelsFirstCopy(kind.bytes()).emit(f, from, stagingRow, to, rows, channels, f.sub("i64", rowTo, rowFrom));
            return;
        }
        // a fully connected layer has one image (batch 1 in this view): n is 0
        String t = Ir.type(kind);
        String first = f.madd(f.mul("i64", g, Integer.toString(channels)), f.mul("i64", n, Long.toString(rows)), cout);
        f.call("void", defineRowCopy(f.module(), t), "ptr " + staging, "i64 " + stagingRow, "ptr " + f.gep(t, output, first),
                "i64 " + cout, "i64 " + rowFrom, "i64 " + rowTo, "i64 " + channels);
    }

    /**
     * Defines (once per module and element type) the copy of rows {@code [from, to)}, {@code channels}
     * elements each, from rows {@code stagingRow} elements apart to rows {@code outRow} elements apart.
     */
    private static String defineRowCopy(IrModule module, String t) {
        String name = "glint.rows_out." + t;
        if (!module.defines(name)) {
            FunctionWriter f = module.function("internal", "void", name, List.of(
                    new Param("ptr", "staging", "noalias nocapture readonly"), new Param("i64", "stagingRow", ""),
                    new Param("ptr", "out", "noalias nocapture"), new Param("i64", "outRow", ""),
                    new Param("i64", "from", ""), new Param("i64", "to", ""), new Param("i64", "channels", "")),
                    "nounwind noinline");
            f.loop("row", "%from", "%to", row -> {
                String src = f.gep(t, "%staging", f.mul("i64", row, "%stagingRow"));
                String dst = f.gep(t, "%out", f.mul("i64", row, "%outRow"));
                f.loop("ch", "0", "%channels", ch -> f.store(t, f.load(t, f.gep(t, src, ch)), f.gep(t, dst, ch)));
            });
            f.retVoid();
        }
        return name;
    }
}
