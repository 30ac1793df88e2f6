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
 * stored (float) or requantized per {@link Requantizer} and narrowed (int8); a last, partial vector is
 * stored through a lane mask. The padded plane is wide enough that the partial vector's loads stay inside.
 *
 * <p>Int8: centred int16 codes times centred int16 weights, sign-extended to int32 lanes ({@code
 * (x - z_x)(w - z_w)} needs 17 bits, so int32 products and sums are exact where the kernel is chosen; x86
 * selects {@code vpmaddwd} for the multiply of sign-extended halves, AArch64 {@code smlal}). Float:
 * {@code llvm.fmuladd}.
 *
 * <p>Arguments: {@code plane}, {@code width} (elements per phase row), {@code outRows}, {@code outCols},
 * {@code w} the channel's taps ({@code [kh][kw]}, int16 or float), {@code bias} (i32 or float),
 * {@code out} the channel's output plane, and for int8 {@code mult}, the output offset and clamp range.
 */
final class DepthwiseMicrokernel {
    private final Window2d window;
    private final boolean quantized;
    private final int lanes;

    DepthwiseMicrokernel(Window2d window, boolean quantized, int lanes) {
        this.window = window;
        this.quantized = quantized;
        this.lanes = lanes;
    }

    String name() {
        Window2d w = window;
        return "glint_dw_" + (quantized ? "qs16_i8" : "f32") + "_" + w.kernel[0] + "x" + w.kernel[1] + "_s" + w.stride[0]
                + "x" + w.stride[1] + "_d" + w.dilation[0] + "x" + w.dilation[1] + "__" + lanes + "lanes";
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
        String elem = quantized ? "i16" : "float";
        String acc = Ir.vec(lanes, quantized ? "i32" : "float");
        int taps = win.taps();
        String[] weight = new String[taps];
        for (int t = 0; t < taps; t++) {
            String v = f.load(elem, f.gep(elem, "%w", Integer.toString(t)));
            weight[t] = f.broadcast(acc, quantized ? f.convert("sext", "i16", v, "i32") : v);
        }
        String bias = f.broadcast(acc, "%bias");
        String mult = quantized ? f.broadcast(Ir.withElement(acc, "float"), "%mult") : null;
        String rowPitch = f.mul("i64", "%width", Integer.toString(win.stride[1]));
        // tap t reads plane[row + kh * dilation * rowPitch + phase * width + shift + j]
        String[] tapOffset = new String[taps];
        for (int kh = 0; kh < win.kernel[0]; kh++) {
            for (int kw = 0; kw < win.kernel[1]; kw++) {
                int column = kw * win.dilation[1];
                String rows = f.mul("i64", rowPitch, Integer.toString(kh * win.dilation[0]));
                String phase = f.mul("i64", "%width", Integer.toString(column % win.stride[1]));
                tapOffset[kh * win.kernel[1] + kw] = f.add("i64", f.add("i64", rows, phase),
                        Integer.toString(column / win.stride[1]));
            }
        }
        String l = Integer.toString(lanes);
        String full = f.assign("full", "udiv i64 %outCols, " + l);
        String vectors = f.assign("vectors", "udiv i64 " + f.add("i64", "%outCols", Integer.toString(lanes - 1)) + ", " + l);
        String rest = f.convert("trunc", "i64", f.sub("i64", "%outCols", f.mul("i64", full, l)), "i32");
        String mask = f.icmp("ult", Ir.vec(lanes, "i32"), laneIndices(), f.broadcast(Ir.vec(lanes, "i32"), rest));
        f.loop("oh", "0", "%outRows", LoopHints.KEEP, oh -> {
            String row = f.mul("i64", oh, f.mul("i64", rowPitch, Integer.toString(win.stride[0])));
            String outRow = f.mul("i64", oh, "%outCols");
            f.loop("v", "0", full, LoopHints.KEEP, v -> {
                String j = f.mul("i64", v, l);
                String y = result(f, rq, elem, acc, weight, bias, mult, tapOffset, f.add("i64", row, j));
                f.store(Ir.withElement(acc, outElem()), y, outPointer(f, f.add("i64", outRow, j)), 1);
            });
            // the partial vector: a loop of zero or one iteration
            f.loop("tail", full, vectors, LoopHints.KEEP, v -> {
                String j = f.mul("i64", v, l);
                String y = result(f, rq, elem, acc, weight, bias, mult, tapOffset, f.add("i64", row, j));
                String type = Ir.withElement(acc, outElem());
                f.call("void", "llvm.masked.store." + Ir.intrinsicSuffix(type) + ".p0", type + " " + y,
                        "ptr " + outPointer(f, f.add("i64", outRow, j)), "i32 1", Ir.vec(lanes, "i1") + " " + mask);
            });
        });
        f.retVoid();
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
    private String result(FunctionWriter f, Requantizer rq, String elem, String acc, String[] weight, String bias,
            String mult, String[] tapOffset, String base) {
        String load = Ir.vec(lanes, elem);
        String sum = bias;
        for (int t = 0; t < weight.length; t++) {
            String x = f.load(load, f.gep(elem, "%plane", f.add("i64", base, tapOffset[t])), quantized ? 2 : 4);
            if (quantized) {
                sum = f.addWrap(acc, sum, f.mulWrap(acc, f.convert("sext", load, x, acc), weight[t]));
            } else {
                sum = f.call(acc, "llvm.fmuladd." + Ir.intrinsicSuffix(acc), acc + " " + x, acc + " " + weight[t],
                        acc + " " + sum);
            }
        }
        if (!quantized) {
            return sum;
        }
        String y = rq.requantize(f, acc, sum, mult, "%zy", "%qmin", "%qmax");
        return f.convert("trunc", acc, y, Ir.withElement(acc, "i8"));
    }
}
