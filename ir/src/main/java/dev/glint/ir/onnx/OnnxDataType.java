package dev.glint.ir.onnx;

import dev.glint.ir.ElemKind;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Maps ONNX element types ({@code TensorProto.DataType} numbers) to Glint's {@link ElemKind}. DOUBLE is
 * read as float32 (Glint computes in float32) and BOOL as int8 holding 0 or 1; every other type that
 * Glint has no kind for is an {@link UnsupportedOnnxException}.
 */
final class OnnxDataType {
    private OnnxDataType() {}

    /** The kind Glint stores this ONNX type as; {@code what} names the tensor or value in the error. */
    static ElemKind elemKind(int dataType, String what) {
        return switch (dataType) {
            case DataType.FLOAT_VALUE, DataType.DOUBLE_VALUE -> ElemKind.FLOAT32;
            case DataType.INT8_VALUE, DataType.BOOL_VALUE -> ElemKind.INT8;
            case DataType.UINT8_VALUE -> ElemKind.UINT8;
            case DataType.INT16_VALUE -> ElemKind.INT16;
            case DataType.INT32_VALUE -> ElemKind.INT32;
            case DataType.INT64_VALUE -> ElemKind.INT64;
            default -> throw new UnsupportedOnnxException("element type " + name(dataType),
                    what + ": element type " + name(dataType) + " is not supported (supported: FLOAT, DOUBLE, "
                            + "INT8, UINT8, INT16, INT32, INT64, BOOL)");
        };
    }

    /** Bytes per element in {@code raw_data} for the types {@link #elemKind} accepts. */
    static int rawBytes(int dataType) {
        return switch (dataType) {
            case DataType.DOUBLE_VALUE, DataType.INT64_VALUE -> 8;
            case DataType.FLOAT_VALUE, DataType.INT32_VALUE -> 4;
            case DataType.INT16_VALUE -> 2;
            default -> 1;
        };
    }

    /** The ONNX name of a type number, e.g. {@code FLOAT16}; unknown numbers print as {@code type 99}. */
    static String name(int dataType) {
        DataType t = DataType.forNumber(dataType);
        return t == null ? "type " + dataType : t.name();
    }
}
