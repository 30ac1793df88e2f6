package dev.glint.ir.onnx;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.Shapes;
import java.util.Arrays;

/**
 * Computations on constant tensors that exist only at import time: integer arithmetic on shapes,
 * Gather, Cast, fills and ranges. The IR's own operations are float (or pure data movement), so these
 * live here rather than in the graph.
 */
final class ConstantMath {
    private ConstantMath() {}

    /** Add/Sub/Mul/Div of two integer tensors of the same kind, numpy broadcasting; Div truncates. */
    static Tensor integerArithmetic(String op, Tensor a, Tensor b, OnnxNode n) {
        ElemKind kind = a.type().kind();
        if (b.type().kind() != kind) {
            throw n.error("operand kinds differ: %s and %s", a.type(), b.type());
        }
        int[] out = Shapes.broadcast(a.shape(), b.shape(), n.describe());
        long[] r = new long[ImportLimits.checkComputed(n, out, (long) a.size() + b.size())];
        int[][] strides = {Shapes.broadcastStrides(a.shape(), out), Shapes.broadcastStrides(b.shape(), out)};
        Shapes.forEachIndex(out, strides, (i, offs) -> {
            long x = a.getLong(offs[0]);
            long y = b.getLong(offs[1]);
            if (op.equals("Div") && y == 0) {
                throw n.error("integer division by zero");
            }
            r[i] = switch (op) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> x / y;
            };
        });
        return ofIntegers(kind, out, r);
    }

    /**
     * Builds an integer tensor from longs, wrapping each value to the kind's width as a C cast (and
     * numpy's astype) does.
     */
    static Tensor ofIntegers(ElemKind kind, int[] shape, long[] v) {
        TensorType type = TensorType.of(kind, shape);
        if (kind == ElemKind.INT64) {
            return Tensor.ofLongs(type, v);
        }
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = switch (kind) {
                case INT8 -> (byte) v[i];
                case UINT8 -> (int) (v[i] & 0xff);
                case INT16 -> (short) v[i];
                default -> (int) v[i];
            };
        }
        return Tensor.ofInts(type, r);
    }

    /**
     * Converts to another kind (ONNX Cast): to float exactly where representable; float to integer
     * truncates toward zero, then wraps; {@code toBool} maps every non-zero value to 1 (stored as int8).
     */
    static Tensor cast(Tensor t, ElemKind to, boolean toBool) {
        int n = t.size();
        if (to.isFloat()) {
            return Tensor.ofFloats(TensorType.f32(t.shape()), t.toFloatArray());
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            double d = t.getDouble(i);
            long x = t.type().kind().isFloat() ? (long) d : t.getLong(i);
            v[i] = toBool ? (d != 0 ? 1 : 0) : x;
        }
        return ofIntegers(to, t.shape(), v);
    }

    /** A tensor of {@code shape} filled with the single value of {@code value}, in its kind (size-checked). */
    static Tensor fill(Tensor value, int[] shape, OnnxNode node) {
        int n = ImportLimits.checkComputed(node, shape, 0);
        TensorType type = value.type().withShape(shape);
        if (type.kind().isFloat()) {
            float[] r = new float[n];
            Arrays.fill(r, value.floats()[0]);
            return Tensor.ofFloats(type, r);
        }
        long[] r = new long[n];
        Arrays.fill(r, value.getLong(0));
        return ofIntegers(type.kind(), shape, r);
    }

    /**
     * ONNX Gather: takes, along {@code axis}, the slices of {@code data} that {@code indices} name
     * (negative indices count from the end). Output shape {@code data[:axis] + indices + data[axis+1:]}.
     */
    static Tensor gather(Tensor data, Tensor indices, int axis, OnnxNode n) {
        int[] ds = data.shape();
        int[] is = indices.shape();
        int dim = ds[axis];
        int outer = Shapes.product(ds, 0, axis);
        int inner = Shapes.product(ds, axis + 1, ds.length);
        int count = indices.size();
        int[] out = new int[ds.length - 1 + is.length];
        System.arraycopy(ds, 0, out, 0, axis);
        System.arraycopy(is, 0, out, axis, is.length);
        System.arraycopy(ds, axis + 1, out, axis + is.length, ds.length - axis - 1);
        int[] source = new int[ImportLimits.checkComputed(n, new long[] {outer, count, inner}, (long) data.size() + count)];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                long idx = indices.getLong(j);
                long at = idx < 0 ? idx + dim : idx;
                if (at < 0 || at >= dim) {
                    throw n.error("index %d is out of range for extent %d on axis %d", idx, dim, axis);
                }
                for (int i = 0; i < inner; i++) {
                    source[k++] = (int) ((o * (long) dim + at) * inner + i);
                }
            }
        }
        return select(data, out, source);
    }

    /** The elements of {@code t} at the given positions, as a tensor of {@code shape}. */
    private static Tensor select(Tensor t, int[] shape, int[] positions) {
        ElemKind kind = t.type().kind();
        if (kind.isFloat()) {
            float[] src = t.floats();
            float[] r = new float[positions.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = src[positions[i]];
            }
            return Tensor.ofFloats(t.type().withShape(shape), r);
        }
        long[] r = new long[positions.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.getLong(positions[i]);
        }
        return ofIntegers(kind, shape, r);
    }

    /** ONNX Range: {@code max(ceil((limit - start) / delta), 0)} values {@code start + i * delta}. */
    static Tensor range(Tensor start, Tensor limit, Tensor delta, OnnxNode n) {
        ElemKind kind = start.type().kind();
        double s = start.getDouble(0);
        double d = delta.getDouble(0);
        if (d == 0) {
            throw n.error("delta is 0");
        }
        double steps = Math.ceil((limit.getDouble(0) - s) / d);
        if (!(steps < Integer.MAX_VALUE - 16)) {
            throw n.error("range of %s values is too large", steps);
        }
        int count = ImportLimits.checkComputed(n, new long[] {(long) Math.max(steps, 0)}, 0);
        if (kind.isFloat()) {
            float[] r = new float[count];
            for (int i = 0; i < count; i++) {
                r[i] = (float) (s + i * d);
            }
            return Tensor.ofFloats(TensorType.f32(count), r);
        }
        long[] r = new long[count];
        for (int i = 0; i < count; i++) {
            r[i] = start.getLong(0) + i * delta.getLong(0);
        }
        return ofIntegers(kind, new int[] {count}, r);
    }
}
