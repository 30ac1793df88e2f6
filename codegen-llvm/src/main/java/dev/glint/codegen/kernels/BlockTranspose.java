package dev.glint.codegen.kernels;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Transposes a small block held in 16-byte vectors with interleaving shuffles: {@code k} rows of
 * {@code n = 16 / elementBytes} elements become {@code k} vectors in which each column's {@code k}
 * elements lie next to each other. Each of the {@code log2 k} stages interleaves pairs of vectors in
 * units twice as wide as the stage before (1, 2, 4... elements), the classic unpack network; written as
 * plain {@code shufflevector}s on 16-byte vectors, so that every target has an instruction for each
 * shuffle ({@code punpckl/h*} on x86, {@code zip1/zip2} on AArch64) and the code stays target-generic.
 */
final class BlockTranspose {
    /** Bytes of the vectors the shuffles work on: the width every SIMD target has. */
    static final int VECTOR_BYTES = 16;
    /** The type rows and results travel as. */
    static final String BYTES = Ir.vec(VECTOR_BYTES, "i8");

    private BlockTranspose() {}

    /** A vector of the network: its first row and first column, in units of elements. */
    private record Part(String value, int row, int column) {}

    /** Elements of {@code elementBytes} bytes per vector. */
    static int elementsPerVector(int elementBytes) {
        return VECTOR_BYTES / elementBytes;
    }

    /**
     * Transposes {@code rows} ({@value #VECTOR_BYTES}-byte vectors as {@link #BYTES}, a power of two of
     * them, at most {@link #elementsPerVector}): result {@code j} holds columns
     * {@code [j * n / k, (j + 1) * n / k)} in order, each as the {@code k} rows' elements in row order.
     * With {@code k == n} (a square block) result {@code j} is exactly column {@code j}.
     */
    static String[] transpose(FunctionWriter f, String[] rows, int elementBytes) {
        return transpose(f, rows, elementBytes, 1);
    }

    /**
     * {@link #transpose} of {@code lanes} independent blocks at once: the rows are vectors of
     * {@code lanes} 16-byte lanes ({@code <16 * lanes x i8>}) and every shuffle stays within its lane, so
     * lane {@code l} of the results is the transpose of lane {@code l} of the rows. This is the shape of
     * x86's 256-bit unpack instructions (one instruction shuffles both lanes); targets with 16-byte
     * registers split it into one shuffle per lane.
     */
    static String[] transpose(FunctionWriter f, String[] rows, int elementBytes, int lanes) {
        int n = elementsPerVector(elementBytes);
        int k = rows.length;
        if (Integer.bitCount(k) != 1 || k > n) {
            throw new IllegalArgumentException("cannot transpose " + k + " rows of " + n + " elements");
        }
        String bytes = Ir.vec(VECTOR_BYTES * lanes, "i8");
        List<Part> parts = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            parts.add(new Part(rows[r], r, 0));
        }
        for (int unit = 1; unit < k; unit *= 2) {
            int units = n / unit; // per lane; each unit is one column's elements of `unit` rows
            String type = Ir.vec(units * lanes, "i" + 8 * elementBytes * unit);
            List<Part> next = new ArrayList<>();
            for (Part a : parts) {
                if (a.row() % (2 * unit) != 0) {
                    continue;
                }
                Part b = find(parts, a.row() + unit, a.column());
                String x = f.convert("bitcast", bytes, a.value(), type);
                String y = f.convert("bitcast", bytes, b.value(), type);
                String lo = shuffle(f, type, x, y, units, lanes, 0);
                String hi = shuffle(f, type, x, y, units, lanes, units / 2);
                next.add(new Part(f.convert("bitcast", type, lo, bytes), a.row(), a.column()));
                next.add(new Part(f.convert("bitcast", type, hi, bytes), a.row(), a.column() + units / 2));
            }
            parts = next;
        }
        parts.sort(Comparator.comparingInt(Part::column));
        return parts.stream().map(Part::value).toArray(String[]::new);
    }

    private static Part find(List<Part> parts, int row, int column) {
        for (Part p : parts) {
            if (p.row() == row && p.column() == column) {
                return p;
            }
        }
        throw new IllegalStateException("no part at row " + row + ", column " + column);
    }

    /**
     * In each lane, interleaves units {@code [from, from + units / 2)} of {@code x} and {@code y}:
     * x[from], y[from], x[from + 1]... ({@code units} per lane).
     */
    private static String shuffle(FunctionWriter f, String type, String x, String y, int units, int lanes, int from) {
        StringBuilder mask = new StringBuilder("<");
        int total = units * lanes;
        for (int lane = 0; lane < lanes; lane++) {
            for (int i = 0; i < units / 2; i++) {
                int at = lane * units + from + i;
                mask.append(mask.length() == 1 ? "" : ", ").append("i32 ").append(at).append(", i32 ").append(total + at);
            }
        }
        mask.append('>');
        return f.assign("zip", "shufflevector " + type + " " + x + ", " + type + " " + y + ", "
                + Ir.vec(total, "i32") + " " + mask);
    }
}
