package dev.glint.ir.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import org.junit.jupiter.api.Test;

class InputConversionTest {
    @Test
    void reshapesWhenElementCountsMatch() {
        Tensor t = InputConversion.conform(Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 6), TensorType.f32(1, 2, 3),
                "x", "x.npy");
        assertEquals(TensorType.f32(1, 2, 3), t.type());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.floats());
    }

    @Test
    void integersBecomeFloatsUnchanged() {
        Tensor u8 = Tensor.ofInts(TensorType.of(ElemKind.UINT8, 3), new int[] {0, 128, 255});
        assertArrayEquals(new float[] {0, 128, 255}, InputConversion.conform(u8, TensorType.f32(3), "x", "x.npy").floats());
        Tensor i64 = Tensor.ofLongs(new long[] {-7, 1 << 20}, 2);
        assertArrayEquals(new float[] {-7, 1 << 20}, InputConversion.conform(i64, TensorType.f32(1, 2), "x", "x.npy").floats());
    }

    @Test
    void integersConvertBetweenIntegerKindsWhenTheyFit() {
        Tensor i32 = Tensor.ofInts(TensorType.of(ElemKind.INT32, 2), new int[] {3, -4});
        assertArrayEquals(new long[] {3, -4},
                InputConversion.conform(i32, TensorType.of(ElemKind.INT64, 2), "ids", "i.npy").longs());
        Tensor big = Tensor.ofLongs(new long[] {1, 300}, 2);
        GlintException e = assertThrows(GlintException.class,
                () -> InputConversion.conform(big, TensorType.of(ElemKind.INT8, 2), "q", "q.npy"));
        assertEquals("input 'q' expects i8 values; q.npy holds 300 at index 1", e.getMessage());
    }

    @Test
    void mismatchesNameInputShapesAndSource() {
        GlintException count = assertThrows(GlintException.class, () -> InputConversion.conform(
                Tensor.ofFloats(new float[6], 2, 3), TensorType.f32(1, 4), "x", "x.npy"));
        assertEquals("input 'x' expects f32[1,4] (4 elements); x.npy holds f32[2,3] (6 elements)",
                count.getMessage());
        GlintException kind = assertThrows(GlintException.class, () -> InputConversion.conform(
                Tensor.ofFloats(new float[2], 2), TensorType.of(ElemKind.INT64, 2), "ids", "f.npy"));
        assertEquals("input 'ids' expects i64 values; f.npy holds float32 values", kind.getMessage());
    }
}
