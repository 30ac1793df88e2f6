package dev.glint.ir.onnx.export;

import com.google.protobuf.ByteString;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.TensorBytes;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Glint tensors and small constants as ONNX initializers ({@code raw_data}, little-endian as ONNX requires). */
final class ProtoTensors {
    private ProtoTensors() {}

    /** The ONNX data type of an element kind. */
    static DataType dataType(ElemKind kind) {
        return switch (kind) {
            case FLOAT32 -> DataType.FLOAT;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
        };
    }

    /** A tensor's values (the stored integers for a quantized tensor) under the given name. */
    static TensorProto of(String name, Tensor t) {
        return header(name, t.type().kind(), t.shape()).setRawData(ByteString.copyFrom(TensorBytes.littleEndian(t)))
                .build();
    }

    /** Float values: a scalar when {@code vector} is false (one value), else a 1-D tensor. */
    static TensorProto floats(String name, float[] values, boolean vector) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        int[] shape = vector ? new int[] {values.length} : new int[0];
        return header(name, ElemKind.FLOAT32, shape).setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** Zero points of the given kind: a scalar when {@code vector} is false, else a 1-D tensor. */
    static TensorProto zeroPoints(String name, ElemKind kind, int[] values, boolean vector) {
        int[] shape = vector ? new int[] {values.length} : new int[0];
        return of(name, Tensor.ofInts(TensorType.of(kind, shape), values));
    }

    /** A 1-D int64 tensor (shapes, pads, slice bounds). */
    static TensorProto longs(String name, long[] values) {
        return of(name, Tensor.ofLongs(values, values.length));
    }

    private static TensorProto.Builder header(String name, ElemKind kind, int[] shape) {
        TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(dataType(kind).getNumber());
        for (int d : shape) {
            p.addDims(d);
        }
        return p;
    }
}
