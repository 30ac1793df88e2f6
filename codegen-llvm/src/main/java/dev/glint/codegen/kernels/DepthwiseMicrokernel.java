package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.irgen.LoopHints;
import java.util.List;

/**
 * One channel's depthwise convolution over a {@link PaddedPlane}, written once per module for each
 * window shape (kernel, stride, dilation), element type and vector width, and called for every channel of
 * every layer of that shape. Per output row, per vector of output columns, the accumulators start at the
 * bias and take every tap in registers (taps fully unrolled, weights splatted once per call), then are
 * stored (float) or requantized per {@link Requantizer} and narrowed (int8). A row's partial last vector
 * is stored whole when its spare lanes land on later rows of the plane (written afterwards), else through
 * a lane mask; the padded plane is wide enough that its loads stay inside.
 *
 * <p>Int8 multiplies centred codes by centred weights ({@code (x - z_x)(w - z_w)} needs 17 bits, so int32
 * products and sums are exact where the kernel is chosen), per {@link Arithmetic}: two taps per x86
 * {@code pmaddwd}, else one per int32 multiply (AArch64 {@code smlal}). Float: {@code llvm.fmuladd}.
 *
 * <p>Arguments: {@code plane}, {@code width} (elements per phase row), {@code outRows}, {@code outCols},
 * {@code w} the channel's weights in step order (int16, int16 pairs or float), {@code bias} (i32 or float),
 * {@code out} the channel's output plane, and for int8 {@code mult}, the output offset and clamp range.
 */
final class DepthwiseMicrokernel {
    /** How the products are formed. */
    enum Arithmetic {
        /** {@code llvm.fmuladd} per tap on float lanes. */
        FLOAT("f32", "float", "float"),
        /** Per tap, int16 codes sign-extended to int32 lanes, multiplied and added (AArch64: {@code smlal}). */
        INT16("qs16", "i16", "i16"),
        /**
         * x86 {@code pmaddwd}: each int32 lane holds the codes of two kernel rows at one column
         * ({@link RowPairs}), so one instruction takes two taps: {@code x[r] w[kh] + x[r + d] w[kh + 1]}.
         * The products need 17 bits and the pair sum 18, exact in the instruction's int32 result.
         */
        PMADDWD("qs16_pairs", "i32", "i32");

        final String tag;
        /** The plane's element type and the type of one weight (or weight pair) in the table. */
        final String planeElem;
        final String weightElem;

        Arithmetic(String tag, String planeElem, String weightElem) {
            this.tag = tag;
            this.planeElem = planeElem;
            this.weightElem = weightElem;
        }

        boolean quantized() {
            return this != FLOAT;
        }

        /** Weights per channel: one per tap, or one pair per two kernel rows at each column. */
        int weights(Window2d w) {
            return this == PMADDWD ? (w.kernel[0] + 1) / 2 * w.kernel[1] : w.taps();
        }
    }

    private final Window2d window;
    private final Arithmetic arithmetic;
    private final boolean quantized;
    private final int lanes;

    DepthwiseMicrokernel(Window2d window, Arithmetic arithmetic, int lanes) {
        this.window = window;
        this.arithmetic = arithmetic;
        this.quantized = arithmetic.quantized();
        this.lanes = lanes;
    }

    String name() {
        Window2d w = window;
        return "glint_dw_" + arithmetic.tag + (quantized ? "_i8" : "") + "_" + w.kernel[0] + "x" + w.kernel[1] + "_s"
                + w.stride[0] + "x" + w.stride[1] + "_d" + w.dilation[0] + "x" + w.dilation[1] + "__" + lanes + "lanes";
    }
    String defineIn(IrModule module, Requantizer rq) {
        String name = name();
        if (!module.defines(name)) {
            String value = quantized ? "i32" : "float";
            write(module.function("internal", "void", name, List.of(Param.input("plane"), i64("width"), i64("outRows"),
                    i64("outCols"), new Param("ptr", "w", "noalias nocapture readonly"), new Param(value, "bias", ""),
                    new Param("float", "mult", ""), new Param("ptr", "out", "noalias nocapture"),
                    new Param("i32", "zy", ""), new Param("i32", "qmin", ""), new Param("i32", "qmax", "")),
                    "nounwind noinline"), rq);
        }
        return name;
    }

    private static Param i64(String name) {
        return new Param("i64", name, "");
    }

    /** Emits the call; for float, {@code mult} and the range are ignored (pass anything). */
    void call(FunctionWriter f, String plane, long width, long outRows, long outCols, String w, String bias,
            String mult, String out, int zy, int qmin, int qmax) {
        f.call("void", name(), "ptr " + plane, "i64 " + width, "i64 " + outRows, "i64 " + outCols, "ptr " + w,
                (quantized ? "i32 " : "float ") + bias, "float " + mult, "ptr " + out, "i32 " + zy, "i32 " + qmin,
                "i32 " + qmax);
    }

    private void write(FunctionWriter f, Requantizer rq) {
        Window2d win = window;
        String acc = Ir.vec(lanes, quantized ? "i32" : "float");
        int steps = arithmetic.weights(win);
        int rowsPerStep = arithmetic == Arithmetic.PMADDWD ? 2 : 1;
        String[] weight = new String[steps];
        for (int t = 0; t < steps; t++) {
            String v = f.load(arithmetic.weightElem, f.gep(arithmetic.weightElem, "%w", Integer.toString(t)));
            weight[t] = f.broadcast(acc, arithmetic == Arithmetic.INT16 ? f.convert("sext", "i16", v, "i32") : v);
        }
        String bias = f.broadcast(acc, "%bias");
        String mult = quantized ? f.broadcast(Ir.withElement(acc, "float"), "%mult") : null;
        String rowPitch = f.mul("i64", "%width", Integer.toString(win.stride[1]));
        // step t (kernel row kh, or rows kh and kh + 1, at column kw) reads
        // plane[row + kh * dilation * rowPitch + phase * width + shift + j]
        String[] tapOffset = new String[steps];
        int t = 0;
        for (int kh = 0; kh < win.kernel[0]; kh += rowsPerStep) {
            for (int kw = 0; kw < win.kernel[1]; kw++) {
                int column = kw * win.dilation[1];
                String rows = f.mul("i64", rowPitch, Integer.toString(kh * win.dilation[0]));
                String phase = f.mul("i64", "%width", Integer.toString(column % win.stride[1]));
                tapOffset[t++] = f.add("i64", f.add("i64", rows, phase), Integer.toString(column / win.stride[1]));
            }
        }
        String l = Integer.toString(lanes);
        String full = f.assign("full", "udiv i64 %outCols, " + l);
        String vectors = f.assign("vectors", "udiv i64 " + f.add("i64", "%outCols", Integer.toString(lanes - 1)) + ", " + l);
        String rest = f.convert("trunc", "i64", f.sub("i64", "%outCols", f.mul("i64", full, l)), "i32");
        String mask = f.icmp("ult", Ir.vec(lanes, "i32"), laneIndices(), f.broadcast(Ir.vec(lanes, "i32"), rest));
        Row row = new Row(f, rq, acc, weight, bias, mult, tapOffset, rowPitch, full, vectors, mask);
        // rows whose whole last vector stays inside the plane store it whole: the lanes past the row's end
        // land on the next rows' first outputs, which are written (correctly) afterwards; the other rows
        // store their partial vector through the lane mask
        String spare = f.sub("i64", f.mul("i64", "%outRows", "%outCols"), f.mul("i64", vectors, l));
        String fit = f.add("i64", f.assign("fit", "udiv i64 " + f.smax("i64", spare, "0") + ", %outCols"), "1");
        String wholeRows = f.select(f.icmp("slt", "i64", spare, "0"), "i64", "0", fit);
        f.loop("oh", "0", wholeRows, LoopHints.KEEP, oh -> emitRow(row, oh, false));
        f.loop("oh", wholeRows, "%outRows", LoopHints.KEEP, oh -> emitRow(row, oh, true));
        f.retVoid();
    }

    /** The code of one output row, with the values it needs. */
    private record Row(FunctionWriter f, Requantizer rq, String acc, String[] weight, String bias, String mult,
            String[] tapOffset, String rowPitch, String full, String vectors, String mask) {
    }

    private void emitRow(Row r, String oh, boolean masked) {
        FunctionWriter f = r.f();
        String l = Integer.toString(lanes);
        String type = Ir.withElement(r.acc(), outElem());
        String row = f.mul("i64", oh, f.mul("i64", r.rowPitch(), Integer.toString(window.stride[0])));
        String outRow = f.mul("i64", oh, "%outCols");
        f.loop("v", "0", masked ? r.full() : r.vectors(), LoopHints.KEEP, v -> {
            String j = f.mul("i64", v, l);
            String y = result(f, r.rq(), r.acc(), r.weight(), r.bias(), r.mult(), r.tapOffset(), f.add("i64", row, j));
            f.store(type, y, outPointer(f, f.add("i64", outRow, j)), 1);
        });
        if (masked) {
            // the partial vector: a loop of zero or one iteration
            f.loop("tail", r.full(), r.vectors(), LoopHints.KEEP, v -> {
                String j = f.mul("i64", v, l);
                String y = result(f, r.rq(), r.acc(), r.weight(), r.bias(), r.mult(), r.tapOffset(), f.add("i64", row, j));
                f.call("void", "llvm.masked.store." + Ir.intrinsicSuffix(type) + ".p0", type + " " + y,
                        "ptr " + outPointer(f, f.add("i64", outRow, j)), "i32 1", Ir.vec(lanes, "i1") + " " + r.mask());
            });
        }
    }

    private String outElem() {
        return quantized ? "i8" : "float";
    }

    private String outPointer(FunctionWriter f, String index) {
        return f.gep(outElem(), "%out", index);
    }

    private String laneIndices() {
        StringBuilder sb = new StringBuilder("<");
        for (int i = 0; i < lanes; i++) {
            sb.append(i == 0 ? "" : ", ").append("i32 ").append(i);
        }
        return sb.append('>').toString();
    }

    /** The output vector whose first column's taps start at plane element {@code base}. */
    private String result(FunctionWriter f, Requantizer rq, String acc, String[] weight, String bias, String mult,
            String[] tapOffset, String base) {
        String elem = arithmetic.planeElem;
        String load = Ir.vec(lanes, elem);
        String halves = Ir.vec(2 * lanes, "i16");
        String sum = bias;
        for (int t = 0; t < weight.length; t++) {
            String x = f.load(load, f.gep(elem, "%plane", f.add("i64", base, tapOffset[t])), 2);
            sum = switch (arithmetic) {
                case FLOAT -> f.call(acc, "llvm.fmuladd." + Ir.intrinsicSuffix(acc), acc + " " + x,
                        acc + " " + weight[t], acc + " " + sum);
                case INT16 -> f.addWrap(acc, sum, f.mulWrap(acc, f.convert("sext", load, x, acc), weight[t]));
                case PMADDWD -> f.addWrap(acc, sum, f.call(acc, pmaddwd(),
                        halves + " " + f.convert("bitcast", load, x, halves),
                        halves + " " + f.convert("bitcast", acc, weight[t], halves)));
            };
        }
        if (!quantized) {
            return sum;
        }
        String y = rq.requantize(f, acc, sum, mult, "%zy", "%qmin", "%qmax");
        return f.convert("trunc", acc, y, Ir.withElement(acc, "i8"));
    }

    /** The x86 intrinsic for {@code lanes} int32 results. */
    private String pmaddwd() {
        return switch (lanes) {
            case 4 -> "llvm.x86.sse2.pmadd.wd";
            case 8 -> "llvm.x86.avx2.pmadd.wd";
            case 16 -> "llvm.x86.avx512.pmaddw.d.512";
            default -> throw new IllegalStateException("pmaddwd with " + lanes + " lanes");
        };
    }
}
