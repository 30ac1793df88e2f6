package dev.glint.ir.onnx;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.util.Map;

/**
 * Constant and the operators that exist to compute shapes and constants (ConstantOfShape, Shape,
 * Gather, Cast, Range). They are evaluated at import time on constant tensors; shapes are always static
 * in Glint, so Shape works on any input. Applied to data known only at run time, Gather, Cast (to another
 * kind) and the rest are not supported.
 */
final class ConstantConverters {
    private ConstantConverters() {}

    static void register(Map<String, OnnxOpConverter> table) {
        table.put("Constant", ConstantConverters::constant);
        table.put("ConstantOfShape", ConstantConverters::constantOfShape);
        table.put("Shape", ConstantConverters::shape);
        table.put("Gather", ConstantConverters::gather);
        table.put("Cast", ConstantConverters::cast);
        table.put("Range", (n, ctx) -> ctx.defineConstantOutput(n, ConstantMath.range(
                ctx.constantInput(n, 0, "start"), ctx.constantInput(n, 1, "limit"), ctx.constantInput(n, 2, "delta"), n)));
    }

    /** Constant: exactly one of value (a tensor), value_float(s) or value_int(s). */
    private static void constant(OnnxNode n, ImportContext ctx) {
        for (String unsupported : new String[] {"sparse_value", "value_string", "value_strings"}) {
            if (n.hasAttr(unsupported)) {
                throw n.unsupported("Constant " + unsupported, "attribute '%s' is not supported", unsupported);
            }
        }
        Tensor value;
        if (n.hasAttr("value")) {
            value = OnnxTensors.decode(n.tensorAttr("value"), n.describe() + " (value)");
        } else if (n.hasAttr("value_float")) {
            value = Tensor.ofFloats(new float[] {n.floatAttr("value_float", 0f)});
        } else if (n.hasAttr("value_floats")) {
            float[] v = n.floatsAttr("value_floats");
            value = Tensor.ofFloats(v, v.length);
        } else if (n.hasAttr("value_int")) {
            value = Tensor.ofLongs(new long[] {n.intAttr("value_int")});
        } else if (n.hasAttr("value_ints")) {
            long[] v = n.intsAttr("value_ints");
            value = Tensor.ofLongs(v, v.length);
        } else {
            throw n.error("has no value attribute");
        }
        ctx.defineConstantOutput(n, value);
    }

    /** A tensor of the given (constant) shape filled with {@code value} (one element; default float 0). */
    private static void constantOfShape(OnnxNode n, ImportContext ctx) {
        Tensor shapeTensor = ctx.constantInput(n, 0, "shape");
        long[] dims = shapeTensor.toLongArray();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw n.error("invalid dimension %d in shape", dims[i]);
            }
            shape[i] = (int) dims[i];
        }
        TensorProto proto = n.tensorAttr("value");
        Tensor value = proto == null ? Tensor.ofFloats(new float[] {0f}) : OnnxTensors.decode(proto, n.describe() + " (value)");
        if (value.size() != 1) {
            throw n.error("value must hold one element, got %s", value.type());
        }
        ctx.defineConstantOutput(n, ConstantMath.fill(value, shape, n));
    }

    /** The input's (static) shape as int64; from opset 15, {@code start}/{@code end} select a range of it. */
    private static void shape(OnnxNode n, ImportContext ctx) {
        int[] shape = ctx.input(n, 0).type().shape();
        int rank = shape.length;
        int start = clampAxis(n.intAttr("start", 0), rank);
        int end = clampAxis(n.intAttr("end", rank), rank);
        long[] dims = new long[Math.max(0, end - start)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape[start + i];
        }
        ctx.defineConstantOutput(n, Tensor.ofLongs(dims, dims.length));
    }

    /** Shape's start/end rule: negative counts from the end, then clamp to [0, rank]. */
    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    private static void gather(OnnxNode n, ImportContext ctx) {
        Node data = ctx.input(n, 0);
        if (!data.isConstant()) {
            throw n.unsupported("Gather on run-time data", "data input '%s' is not a constant; Gather is only "
                    + "evaluated at import time", n.inputName(0));
        }
        Tensor d = ctx.constantInput(n, 0, "data");
        Tensor indices = ctx.constantInput(n, 1, "indices");
        if (indices.type().kind().isFloat()) {
            throw n.error("indices must be integers, got %s", indices.type());
        }
        long axis = n.intAttr("axis", 0);
        int rank = d.type().rank();
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw n.error("axis %d is out of range for rank %d", axis, rank);
        }
        ctx.defineConstantOutput(n, ConstantMath.gather(d, indices, (int) a, n));
    }

    /**
     * Cast: computed on constants. On run-time data only a cast to the kind the data already has is
     * supported (exporters insert such no-op casts); it passes the input on.
     */
    private static void cast(OnnxNode n, ImportContext ctx) {
        int to = (int) n.intAttr("to");
        ElemKind kind = OnnxDataType.elemKind(to, n.describe() + " (attribute 'to')");
        boolean toBool = to == TensorProto.DataType.BOOL_VALUE;
        Node x = ctx.input(n, 0);
        if (x.isConstant()) {
            ctx.defineConstantOutput(n, ConstantMath.cast(ctx.constantInput(n, 0, "input"), kind, toBool));
        } else if (x.type().kind() == kind && !toBool) {
            ctx.alias(n, x);
        } else {
            throw n.unsupported("Cast of run-time data", "casting run-time value '%s' (%s) to %s is not supported",
                    n.inputName(0), x.type(), OnnxDataType.name(to));
        }
    }
}
