package dev.glint.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.quantizer.profile.Histogram;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void growingKeepsEveryCountAndCoversTheRange() {
        Histogram h = new Histogram(16);
        h.add(new float[] {0f, 1f});
        h.add(new float[] {-10f});
        h.add(new float[] {100f, 50f});
        assertEquals(5, h.total());
        assertTrue(h.lo() <= -10 && h.hi() > 100, h.lo() + ".." + h.hi());
    }

    @Test
    void binsStayAlignedWhenMerging() {
        Histogram h = new Histogram(8);
        h.add(new float[] {0f, 8f});
        double width = h.width();
        h.add(new float[] {20f}); // [0, 8) doubles twice to [0, 32): old edges stay edges
        assertEquals(4 * width, h.width(), 1e-12);
        assertEquals(0.0, h.lo(), 1e-9);
        assertEquals(3, h.total());
    }

    @Test
    void constantDataGetsAPositiveWidth() {
        Histogram h = new Histogram(8);
        h.add(new float[] {0f, 0f, 0f});
        assertTrue(h.width() > 0);
        assertEquals(3, h.total());
    }
}
