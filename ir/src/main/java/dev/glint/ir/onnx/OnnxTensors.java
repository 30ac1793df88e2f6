package dev.glint.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes ONNX {@code TensorProto}s (initializers, {@code Constant} values, the {@code input_N.pb} /
 * {@code output_N.pb} files of the ONNX test suites) into {@link Tensor}s.
 *
 * <p>Data comes either from {@code raw_data} (little-endian, as the ONNX spec fixes it) or from the typed
 * field of the type ({@code float_data}, {@code double_data}, {@code int32_data} for every integer type of
 * 32 bits or less and for BOOL, {@code int64_data}). The declared dimensions are checked against the data
 * actually present <em>before</em> anything is allocated, so a forged dimension is an error, never an
 * {@link OutOfMemoryError}.
 */
public final class OnnxTensors {
    /** Arrays in Java hold at most about this many elements. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 16;

    private OnnxTensors() {}

    /** Reads a file holding one serialized {@code TensorProto} (the ONNX test suites' {@code .pb} files). */
    public static Tensor readTensorFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GlintException(file + ": no such file");
        } catch (IOException e) {
            throw new GlintException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return decode(parseTensorProto(bytes, file.toString()), file.toString());
    }

    /** Parses a serialized {@code TensorProto}; {@code where} names it in the error. */
    public static TensorProto parseTensorProto(byte[] bytes, String where) {
        try {
            return TensorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new GlintException(where + ": not a valid ONNX TensorProto (" + e.getMessage() + ")");
        }
    }

    /** The ONNX element type name of a tensor proto, e.g. {@code FLOAT} or {@code INT64}. */
    public static String dataTypeName(TensorProto t) {
        return OnnxDataType.name(t.getDataType());
    }

    /** Decodes a tensor; {@code what} names it in errors (e.g. {@code model.onnx: initializer 'w'}). */
    public static Tensor decode(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new UnsupportedOnnxException("external tensor data",
                    what + ": data is stored in an external file (data_location=EXTERNAL), which Glint does not read");
        }
        int dataType = t.getDataType();
        ElemKind kind = OnnxDataType.elemKind(dataType, what);
        int[] shape = shape(t.getDimsList(), what);
        TensorType type = TensorType.of(kind, shape);
        int n = type.numElements();
        if (t.hasRawData()) {
            return fromRaw(t.getRawData(), dataType, type, n, what);
        }
        return fromTypedField(t, dataType, type, n, what);
    }

    /** Validates dims: non-negative, each and their product small enough for one Java array. */
    private static int[] shape(List<Long> dims, String what) {
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d < 0 || d > MAX_ELEMENTS) {
                throw new GlintException(what + ": invalid dimension " + d + " in dims " + dims);
            }
            count *= d;
            if (count > MAX_ELEMENTS) {
                throw new GlintException(what + ": dims " + dims + " describe more elements than Glint can hold");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    private static Tensor fromRaw(ByteString raw, int dataType, TensorType type, int n, String what) {
        int width = OnnxDataType.rawBytes(dataType);
        if (raw.size() != (long) n * width) {
            throw new GlintException(what + ": raw_data holds " + raw.size() + " bytes but dims " + shapeText(type)
                    + " of " + OnnxDataType.name(dataType) + " need " + (long) n * width);
        }
        ByteBuffer bb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (dataType) {
            case DataType.FLOAT_VALUE -> {
                float[] v = new float[n];
                bb.asFloatBuffer().get(v);
                return Tensor.ofFloats(type, v);
            }
            case DataType.DOUBLE_VALUE -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) bb.getDouble(i * 8);
                }
                return Tensor.ofFloats(type, v);
            }
            case DataType.INT64_VALUE -> {
                long[] v = new long[n];
                bb.asLongBuffer().get(v);
                return Tensor.ofLongs(type, v);
            }
            default -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dataType) {
                        case DataType.INT32_VALUE -> bb.getInt(i * 4);
                        case DataType.INT16_VALUE -> bb.getShort(i * 2);
                        case DataType.INT8_VALUE -> bb.get(i);
                        case DataType.UINT8_VALUE -> bb.get(i) & 0xff;
                        default -> bb.get(i) != 0 ? 1 : 0; // BOOL: any non-zero byte is true
                    };
                }
                return Tensor.ofInts(type, v);
            }
        }
    }

    private static Tensor fromTypedField(TensorProto t, int dataType, TensorType type, int n, String what) {
        switch (dataType) {
            case DataType.FLOAT_VALUE -> {
                checkCount("float_data", t.getFloatDataCount(), n, type, what);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getFloatData(i);
                }
                return Tensor.ofFloats(type, v);
            }
            case DataType.DOUBLE_VALUE -> {
                checkCount("double_data", t.getDoubleDataCount(), n, type, what);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) t.getDoubleData(i);
                }
                return Tensor.ofFloats(type, v);
            }
            case DataType.INT64_VALUE -> {
                checkCount("int64_data", t.getInt64DataCount(), n, type, what);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getInt64Data(i);
                }
                return Tensor.ofLongs(type, v);
            }
            default -> {
                // int32_data carries every integer type of 32 bits or less, and BOOL (ONNX onnx.proto).
                checkCount("int32_data", t.getInt32DataCount(), n, type, what);
                int[] v = new int[n];
                ElemKind kind = type.kind();
                for (int i = 0; i < n; i++) {
                    int x = t.getInt32Data(i);
                    if (dataType == DataType.BOOL_VALUE) {
                        x = x != 0 ? 1 : 0;
                    } else if (x < kind.min() || x > kind.max()) {
                        throw new GlintException(what + ": value " + x + " at index " + i + " is out of range for "
                                + OnnxDataType.name(dataType));
                    }
                    v[i] = x;
                }
                return Tensor.ofInts(type, v);
            }
        }
    }

    private static void checkCount(String field, int have, int n, TensorType type, String what) {
        if (have != n) {
            throw new GlintException(what + ": " + field + " holds " + have + " values but dims " + shapeText(type)
                    + " need " + n);
        }
    }

    private static String shapeText(TensorType type) {
        return Arrays.toString(type.shape());
    }
}
