package dev.glint.ir.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final TensorType INPUT = TensorType.f32(1, 1, 2, 2);

    @Test
    void slicesSamplesAlongTheFirstAxis() {
        ArrayDataset d = new ArrayDataset(Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 2, 2), "d.npy");
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2, 2}, d.sampleShape());
        Tensor s = d.sample(1);
        assertEquals(TensorType.f32(2, 2), s.type());
        assertArrayEquals(new float[] {5, 6, 7, 8}, s.floats());
    }

    @Test
    void reshapesAndConvertsSamplesToTheInputType() {
        ArrayDataset d = new ArrayDataset(Tensor.ofInts(TensorType.of(ElemKind.UINT8, 2, 4), new int[] {0, 1, 2, 255, 9, 8, 7, 6}),
                "u8.npy");
        Tensor s = d.sample(0, INPUT, "x");
        assertEquals(INPUT, s.type());
        assertArrayEquals(new float[] {0, 1, 2, 255}, s.floats());
        assertArrayEquals(new long[] {9, 8, 7, 6},
                new ArrayDataset(Tensor.ofLongs(new long[] {1, 2, 3, 4, 9, 8, 7, 6}, 2, 4), "l.npy").sample(1).longs());
    }

    @Test
    void samplesThatDoNotFitAreReportedWithBothShapes() {
        ArrayDataset d = new ArrayDataset(Tensor.ofFloats(new float[10], 2, 5), "d.npy");
        GlintException e = assertThrows(GlintException.class, () -> d.checkFits(INPUT, "x"));
        assertEquals("d.npy: samples of f32[5] (5 elements) do not fit input 'x' f32[1,1,2,2] (4 elements)",
                e.getMessage());
        assertThrows(GlintException.class, () -> d.sample(0, INPUT, "x"));
    }

    @Test
    void aScalarIsNotADataset() {
        GlintException e = assertThrows(GlintException.class,
                () -> new ArrayDataset(Tensor.ofFloats(new float[] {1}), "s.npy"));
        assertTrue(e.getMessage().startsWith("s.npy: "), e.getMessage());
    }
}
