package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.ir.Node;
import dev.glint.ir.ops.SpatialGeometry;

/**
 * A sliding window over two spatial axes (H, W), with everything a kernel needs precomputed at compile
 * time: which output positions a kernel tap sees inside the input (for convolution, whose inner loops
 * run over outputs), which taps of a window lie inside the input (for pooling, whose inner loops run
 * over taps), and how many taps lie inside the padded extent (average pooling's divisor). 1-D windows
 * are treated as 2-D with a unit first axis; 3-D and beyond are not supported yet.
 */
final class Window2d {
    final int[] in = new int[2];
    final int[] out = new int[2];
    final int[] kernel = new int[2];
    final int[] stride = new int[2];
    final int[] dilation = new int[2];
    final int[] padBegin = new int[2];
    final int[] padEnd = new int[2];

    private Window2d() {}

    /** The window of {@code node} with input spatial extents {@code inSpatial} and output {@code outSpatial}. */
    static Window2d of(Node node, SpatialGeometry g, int[] inSpatial, int[] outSpatial) {
        int rank = g.rank();
        if (rank < 1 || rank > 2) {
            throw KernelSelector.unsupported(node, rank + "-D window");
        }
        Window2d w = new Window2d();
        int shift = 2 - rank;
        for (int d = 0; d < 2; d++) {
            boolean unit = d < shift;
            int s = d - shift;
            w.in[d] = unit ? 1 : inSpatial[s];
            w.out[d] = unit ? 1 : outSpatial[s];
            w.kernel[d] = unit ? 1 : g.kernel(s);
            w.stride[d] = unit ? 1 : g.stride(s);
            w.dilation[d] = unit ? 1 : g.dilation(s);
            w.padBegin[d] = unit ? 0 : g.padBegin(s);
            w.padEnd[d] = unit ? 0 : g.padEnd(s);
        }
        return w;
    }

    int inPlane() {
        return in[0] * in[1];
    }

    int outPlane() {
        return out[0] * out[1];
    }

    int taps() {
        return kernel[0] * kernel[1];
    }

    /** Input coordinate along {@code d} that output {@code o} reads at tap {@code k}. */
    int inputPos(int d, int o, int k) {
        return o * stride[d] - padBegin[d] + k * dilation[d];
    }

    /** Per tap along {@code d}: {@code [lo, hi)} of the outputs whose input position is inside. */
    long[][] outputsInside(int d) {
        long[] lo = new long[kernel[d]];
        long[] hi = new long[kernel[d]];
        for (int k = 0; k < kernel[d]; k++) {
            int first = -1;
            int last = -2;
            for (int o = 0; o < out[d]; o++) {
                int p = inputPos(d, o, k);
                if (p >= 0 && p < in[d]) {
                    first = first < 0 ? o : first;
                    last = o;
                }
            }
            lo[k] = first < 0 ? 0 : first;
            hi[k] = first < 0 ? 0 : last + 1; // positions inside form one run: p grows with o
        }
        return new long[][] {lo, hi};
    }

    /** Per output along {@code d}: {@code [lo, hi)} of the taps inside the input. */
    long[][] tapsInside(int d) {
        long[] lo = new long[out[d]];
        long[] hi = new long[out[d]];
        for (int o = 0; o < out[d]; o++) {
            int first = -1;
            int last = -2;
            for (int k = 0; k < kernel[d]; k++) {
                int p = inputPos(d, o, k);
                if (p >= 0 && p < in[d]) {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            lo[o] = first < 0 ? 0 : first;
            hi[o] = first < 0 ? 0 : last + 1;
        }
        return new long[][] {lo, hi};
    }

    /** Per output along {@code d}: taps inside the input extended by its end padding (ONNX's count_include_pad). */
    long[] tapsInsidePadded(int d) {
        long[] n = new long[out[d]];
        for (int o = 0; o < out[d]; o++) {
            for (int k = 0; k < kernel[d]; k++) {
                if (inputPos(d, o, k) < in[d] + padEnd[d]) {
                    n[o]++;
                }
            }
        }
        return n;
    }

    /** What the tap loops of {@link #emitTapLoops} do at each level. */
    interface TapVisitor {
        /** Once per tap, before the loops over the outputs that see it. */
        void tap(String kh, String kw);

        /** For each output {@code (oh, ow)} whose input position {@code (ih, iw)} for the tap is inside. */
        void inside(String oh, String ow, String ih, String iw);
    }

    /**
     * Emits loops over the kernel taps and, per tap, over the output positions that read inside the
     * input there (bounds from tables, so the innermost loop has no test). Indices are i64 values.
     */
    void emitTapLoops(FunctionWriter f, String tablePrefix, TapVisitor visitor) {
        long[][] oh = outputsInside(0);
        long[][] ow = outputsInside(1);
        String ohLo = f.module().longTable(tablePrefix + ".oh.lo", oh[0]);
        String ohHi = f.module().longTable(tablePrefix + ".oh.hi", oh[1]);
        String owLo = f.module().longTable(tablePrefix + ".ow.lo", ow[0]);
        String owHi = f.module().longTable(tablePrefix + ".ow.hi", ow[1]);
        f.loop("kh", 0, kernel[0], kh -> {
            String lo0 = f.load("i64", f.gep("i64", ohLo, kh));
            String hi0 = f.load("i64", f.gep("i64", ohHi, kh));
            String ihShift = f.sub("i64", f.mul("i64", kh, Long.toString(dilation[0])), Long.toString(padBegin[0]));
            f.loop("kw", 0, kernel[1], kw -> {
                String lo1 = f.load("i64", f.gep("i64", owLo, kw));
                String hi1 = f.load("i64", f.gep("i64", owHi, kw));
                String iwShift = f.sub("i64", f.mul("i64", kw, Long.toString(dilation[1])), Long.toString(padBegin[1]));
                visitor.tap(kh, kw);
                f.loop("oh", lo0, hi0, y -> {
                    String ih = f.add("i64", f.mul("i64", y, Long.toString(stride[0])), ihShift);
                    f.loop("ow", lo1, hi1, x -> visitor.inside(y, x, ih,
                            f.add("i64", f.mul("i64", x, Long.toString(stride[1])), iwShift)));
                });
            });
        });
    }
}
