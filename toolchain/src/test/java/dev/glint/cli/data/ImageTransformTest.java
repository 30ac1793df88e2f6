package dev.glint.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import org.junit.jupiter.api.Test;

class ImageTransformTest {
    /** A 1x2 colour image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60). */
    private static final PlanarImage TWO_PIXELS = new PlanarImage(2, 1,
            new float[][] {{10, 40}, {20, 50}, {30, 60}});

    @Test
    void normalisesPerChannelInPlanarLayout() {
        Preprocessing p = Preprocessing.parse("crop=1x2,scale=0.1,mean=1:2:3,std=2:3:4");
        Tensor t = new ImageTransform(p, 3).apply(TWO_PIXELS, "x.png");
        assertEquals(TensorType.f32(3, 1, 2), t.type());
        assertArrayEquals(new float[] {(1 - 1) / 2f, (4 - 1) / 2f, (2 - 2) / 3f, (5 - 2) / 3f, (3 - 3) / 4f,
                (6 - 3) / 4f}, t.floats(), 1e-6f);
    }

    @Test
    void interleavesForNhwcAndReversesChannelsForBgr() {
        Preprocessing p = Preprocessing.parse("crop=1x2,scale=1,layout=nhwc,order=bgr");
        Tensor t = new ImageTransform(p, 3).apply(TWO_PIXELS, "x.png");
        assertEquals(TensorType.f32(1, 2, 3), t.type());
        assertArrayEquals(new float[] {30, 20, 10, 60, 50, 40}, t.floats());
    }

    @Test
    void aGreyImageDoesNotFeedAColourModel() {
        PlanarImage grey = new PlanarImage(2, 1, new float[][] {{1, 2}});
        GlintException e = assertThrows(GlintException.class,
                () -> new ImageTransform(Preprocessing.parse("crop=1x2"), 3).apply(grey, "g.png"));
        assertTrue(e.getMessage().startsWith("g.png: the image has 1 colour channel (grey)"), e.getMessage());
    }
}
