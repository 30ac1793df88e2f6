package dev.glint.ir.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.onnx.proto.Onnx.TensorProto;
import dev.glint.ir.onnx.proto.Onnx.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding TensorProto data in its raw and typed forms. */
class OnnxTensorsTest {
    private static TensorProto.Builder tensor(int type, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName("t").setDataType(type);
        for (long d : dims) {
            b.addDims(d);
        }
        return b;
    }

    @Test
    void rawDataIsLittleEndian() {
        ByteBuffer bb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).putLong(1L << 40);
        Tensor t = OnnxTensors.decode(tensor(DataType.INT64_VALUE, 2).setRawData(ByteString.copyFrom(bb.array())).build(), "t");
        assertArrayEquals(new long[] {-2, 1L << 40}, t.longs());
    }

    @Test
    void typedFieldsOfEachKind() {
        Tensor d = OnnxTensors.decode(tensor(DataType.DOUBLE_VALUE, 2).addDoubleData(0.5).addDoubleData(-1e-3).build(), "t");
        assertEquals(ElemKind.FLOAT32, d.type().kind());
        assertArrayEquals(new float[] {0.5f, (float) -1e-3}, d.floats());
        Tensor i8 = OnnxTensors.decode(tensor(DataType.INT8_VALUE, 2).addInt32Data(-128).addInt32Data(127).build(), "t");
        assertArrayEquals(new int[] {-128, 127}, i8.ints());
        Tensor u8 = OnnxTensors.decode(tensor(DataType.UINT8_VALUE, 1).setRawData(ByteString.copyFrom(new byte[] {(byte) 200}))
                .build(), "t");
        assertArrayEquals(new int[] {200}, u8.ints());
        Tensor b = OnnxTensors.decode(tensor(DataType.BOOL_VALUE, 3).setRawData(ByteString.copyFrom(new byte[] {0, 1, 5}))
                .build(), "t");
        assertEquals(ElemKind.INT8, b.type().kind());
        assertArrayEquals(new int[] {0, 1, 1}, b.ints());
        Tensor scalar = OnnxTensors.decode(tensor(DataType.FLOAT_VALUE).addFloatData(3f).build(), "t");
        assertEquals(0, scalar.type().rank());
    }

    @Test
    void outOfRangeTypedValueIsAnError() {
        GlintException e = assertThrows(GlintException.class,
                () -> OnnxTensors.decode(tensor(DataType.INT8_VALUE, 1).addInt32Data(300).build(), "w"));
        assertEquals("w: value 300 at index 0 is out of range for INT8", e.getMessage());
    }

    @Test
    void negativeDimensionIsAnError() {
        GlintException e = assertThrows(GlintException.class,
                () -> OnnxTensors.decode(tensor(DataType.FLOAT_VALUE, -1).build(), "w"));
        assertTrue(e.getMessage().startsWith("w: invalid dimension -1"), e.getMessage());
    }

    @Test
    void readsATensorFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("input_0.pb");
        Files.write(f, tensor(DataType.FLOAT_VALUE, 2, 1).addFloatData(1).addFloatData(2).build().toByteArray());
        Tensor t = OnnxTensors.readTensorFile(f);
        assertArrayEquals(new int[] {2, 1}, t.shape());
        assertArrayEquals(new float[] {1, 2}, t.floats());
        Path bad = dir.resolve("bad.pb");
        Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        GlintException e = assertThrows(GlintException.class, () -> OnnxTensors.readTensorFile(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not a valid ONNX TensorProto"), e.getMessage());
    }
}
