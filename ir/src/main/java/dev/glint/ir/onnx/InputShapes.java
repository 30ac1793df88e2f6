package dev.glint.ir.onnx;

import dev.glint.ir.GlintException;
import dev.glint.ir.TensorType;
import dev.glint.ir.onnx.proto.Onnx.TensorShapeProto;
import dev.glint.ir.onnx.proto.Onnx.TypeProto;
import dev.glint.ir.onnx.proto.Onnx.ValueInfoProto;
import java.util.Arrays;
import java.util.Map;

/**
 * Decides the static type of each graph input. Glint specialises a graph to fixed shapes, so every
 * dimension must be known: a declared size is used as is; a symbolic or missing leading dimension (the
 * batch) becomes 1; any other symbolic dimension needs the caller to give the input's shape. A caller's
 * shape replaces the declared one and must agree with it wherever the model gives a size.
 */
final class InputShapes {
    private InputShapes() {}

    static TensorType resolve(ValueInfoProto input, Map<String, int[]> overrides, String where) {
        String name = input.getName();
        String what = where + ": graph input '" + name + "'";
        if (!input.hasType() || !input.getType().hasTensorType()) {
            throw new UnsupportedOnnxException("non-tensor graph input", what + " is not a tensor");
        }
        TypeProto.Tensor tt = input.getType().getTensorType();
        var kind = OnnxDataType.elemKind(tt.getElemType(), what);
        int[] override = overrides.get(name);
        if (!tt.hasShape()) {
            if (override == null) {
                throw new GlintException(what + " has no declared shape; give its shape explicitly");
            }
            return TensorType.of(kind, checkedOverride(override, what));
        }
        TensorShapeProto shape = tt.getShape();
        int rank = shape.getDimCount();
        if (override != null && override.length != rank) {
            throw new GlintException(what + " has rank " + rank + " but the given shape is " + Arrays.toString(override));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (d.hasDimValue()) {
                long v = d.getDimValue();
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new GlintException(what + ": invalid dimension " + v + " at index " + i);
                }
                if (override != null && override[i] != v) {
                    throw new GlintException(what + ": dimension " + i + " is " + v + " in the model but "
                            + override[i] + " in the given shape " + Arrays.toString(override));
                }
                dims[i] = (int) v;
            } else if (override != null) {
                dims[i] = checkedOverride(override, what)[i];
            } else if (i == 0) {
                dims[i] = 1; // a symbolic batch dimension: Glint compiles for one sample unless told otherwise
            } else {
                String param = d.hasDimParam() ? " ('" + d.getDimParam() + "')" : "";
                throw new GlintException(what + ": dimension " + i + param + " is symbolic; give the input's shape "
                        + "explicitly");
            }
        }
        return TensorType.of(kind, dims);
    }

    private static int[] checkedOverride(int[] shape, String what) {
        for (int d : shape) {
            if (d < 0) {
                throw new GlintException(what + ": invalid given shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }
}
