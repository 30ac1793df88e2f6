package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Nested loops over an N-dimensional index space that several operands walk with their own element
 * strides (broadcasting gives stride 0, transposition permuted strides, slicing stepped ones). Before
 * emitting, extents of 1 are dropped and adjacent dimensions that every operand walks contiguously are
 * merged, so that the innermost loop is as long and as regular as the data allows (what the vectorizer
 * needs).
 */
final class Loops {
    private Loops() {}

    /**
     * Emits loops over {@code shape}; {@code body} receives, per operand, the i64 element offset
     * {@code bases[k] + sum(index[d] * strides[k][d])}.
     */
    static void strided(FunctionWriter f, String name, int[] shape, long[][] strides, long[] bases,
            Consumer<String[]> body) {
        for (int d : shape) {
            if (d == 0) {
                return;
            }
        }
        List<long[]> dims = coalesce(shape, strides);
        String[] offsets = new String[bases.length];
        for (int k = 0; k < bases.length; k++) {
            offsets[k] = Long.toString(bases[k]);
        }
        nest(f, name, dims, 0, offsets, body);
    }

    /** The body of a split loop nest: one element, given each operand's offset and the pointers passed in. */
    @FunctionalInterface
    interface ElementBody {
        void emit(FunctionWriter f, String[] offsets, List<String> pointers);
    }

    /**
     * {@link #strided} (all bases 0) on up to the kernel's threads: the outermost dimension left after
     * simplification is split into ranges when the elements are many enough ({@code minPerThread} per
     * thread). {@code pointers} ({@code "ptr %x"}) reach the body valid in the function it writes into.
     */
    static void parallel(KernelContext ctx, String name, int[] shape, long[][] strides, List<String> pointers,
            long minPerThread, ElementBody body) {
        long total = 1;
        for (int d : shape) {
            total *= d;
        }
        if (total == 0) {
            return;
        }
        List<long[]> dims = coalesce(shape, strides);
        String[] zero = new String[strides.length];
        Arrays.fill(zero, "0");
        if (dims.isEmpty()) {
            List<String> values = pointers.stream().map(p -> p.substring(p.indexOf(' ') + 1)).toList();
            body.emit(ctx.f(), zero, values);
            return;
        }
        long[] outer = dims.get(0);
        int threads = ctx.threads().forWork(total, minPerThread);
        ParallelFor.ranges(ctx, threads, name, outer[0], pointers, (f, from, to, v) -> f.loop(name + "0", from, to, i -> {
            String[] offsets = new String[strides.length];
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] = f.mul("i64", i, Long.toString(outer[k + 1]));
            }
            nest(f, name, dims, 1, offsets, o -> body.emit(f, o, v));
        }));
    }

    private static void nest(FunctionWriter f, String name, List<long[]> dims, int level, String[] offsets,
            Consumer<String[]> body) {
        if (level == dims.size()) {
            body.accept(offsets);
            return;
        }
        long[] d = dims.get(level);
        f.loop(name + level, 0, d[0], i -> {
            String[] inner = new String[offsets.length];
            for (int k = 0; k < offsets.length; k++) {
                inner[k] = f.madd(offsets[k], i, d[k + 1]);
            }
            nest(f, name, dims, level + 1, inner, body);
        });
    }

    /** Dimensions as {@code [extent, stride_0, stride_1, ...]}, outermost first, simplified. */
    static List<long[]> coalesce(int[] shape, long[][] strides) {
        List<long[]> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            long[] dim = new long[strides.length + 1];
            dim[0] = shape[d];
            for (int k = 0; k < strides.length; k++) {
                dim[k + 1] = strides[k][d];
            }
            if (!dims.isEmpty() && mergeable(dims.get(dims.size() - 1), dim)) {
                long[] outer = dims.get(dims.size() - 1);
                outer[0] *= dim[0];
                for (int k = 1; k < dim.length; k++) {
                    outer[k] = dim[k];
                }
            } else {
                dims.add(dim);
            }
        }
        return dims;
    }

    /** An outer dimension merges into the next when each operand's outer stride spans the inner extent. */
    private static boolean mergeable(long[] outer, long[] inner) {
        for (int k = 1; k < outer.length; k++) {
            if (outer[k] != inner[k] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    /** Row-major strides of a shape, as longs. */
    static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Strides to read {@code in} broadcast to {@code out} (numpy rules; broadcast dimensions get 0). */
    static long[] broadcastStrides(int[] in, int[] out) {
        long[] s = strides(in);
        long[] r = new long[out.length];
        int off = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            r[i + off] = in[i] == 1 && out[i + off] != 1 ? 0 : s[i];
        }
        return r;
    }
}
