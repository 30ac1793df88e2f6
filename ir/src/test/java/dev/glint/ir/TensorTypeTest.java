package dev.glint.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTypeTest {
    @Test
    void printsPlainAndQuantizedTypes() {
        assertEquals("f32[1,3,224,224]", TensorType.f32(1, 3, 224, 224).toString());
        TensorType q = new TensorType(ElemKind.INT8, new int[] {1, 8}, QuantParams.perTensor(0.5f, -3));
        assertEquals("i8[1,8]{scale=0.5,offset=-3}", q.toString());
    }

    @Test
    void perAxisParametersMustFitTheShape() {
        QuantParams p = QuantParams.perAxis(0, new float[] {1f, 2f}, new int[] {0, 0});
        assertThrows(IllegalArgumentException.class, () -> new TensorType(ElemKind.INT8, new int[] {3, 4}, p));
        assertEquals(2, new TensorType(ElemKind.INT8, new int[] {2, 4}, p).quant().size());
    }

    @Test
    void hugeShapesAreRejectedClearly() {
        assertThrows(GlintException.class, () -> TensorType.f32(1 << 20, 1 << 20).numElements());
    }
}
