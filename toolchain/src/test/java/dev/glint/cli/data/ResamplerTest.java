package dev.glint.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static PlanarImage grey(int w, int h, float... values) {
        return new PlanarImage(w, h, new float[][] {values});
    }

    @Test
    void shorterSideBecomesTheTargetAndTheOtherKeepsTheAspectRatio() {
        assertArrayEquals(new int[] {308, 256}, Resampler.shorterSideSize(500, 416, 256)); // 307.69 rounds up
        assertArrayEquals(new int[] {256, 457}, Resampler.shorterSideSize(168, 300, 256)); // 457.14
        assertArrayEquals(new int[] {256, 256}, Resampler.shorterSideSize(224, 224, 256));
        assertArrayEquals(new int[] {320, 240}, Resampler.coverSize(640, 480, 320, 240));
        assertArrayEquals(new int[] {224, 299}, Resampler.coverSize(300, 400, 224, 224));
    }

    @Test
    void halvingAveragesPairsWithTheWidenedTriangle() {
        // Shrinking 4 -> 2: output centre 1.0 in source units, support 2; taps at 0.5 and 1.5 weigh 3/4 and
        // 1/4... normalised over the pixels the triangle covers: (0.75*a + 0.75*b + 0.25*c) / 1.75 at the
        // border, where the left tail falls outside the image.
        PlanarImage img = grey(4, 1, 0, 4, 8, 12);
        float[] out = Resampler.resize(img, 2, 1).data()[0];
        assertEquals((0.75 * 0 + 0.75 * 4 + 0.25 * 8) / 1.75, out[0], 1e-5);
        assertEquals((0.25 * 4 + 0.75 * 8 + 0.75 * 12) / 1.75, out[1], 1e-5);
    }

    @Test
    void doublingInterpolatesLinearlyBetweenPixelCentres() {
        PlanarImage img = grey(2, 1, 0, 8);
        float[] out = Resampler.resize(img, 4, 1).data()[0];
        // Output centres at 0.25, 0.75, 1.25, 1.75 source pixels; source centres at 0.5 and 1.5.
        assertArrayEquals(new float[] {0, 2, 6, 8}, out, 1e-5f);
    }

    @Test
    void aConstantImageStaysConstantAtAnySize() {
        float[] v = new float[7 * 5];
        java.util.Arrays.fill(v, 42);
        PlanarImage out = Resampler.resize(grey(7, 5, v), 3, 11);
        for (float f : out.data()[0]) {
            assertEquals(42, f, 1e-4);
        }
    }

    @Test
    void centreCropLeavesTheOddPixelOnTheFarSide() {
        PlanarImage img = grey(5, 3, 0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24);
        PlanarImage crop = Resampler.centreCrop(img, 2, 2);
        assertArrayEquals(new float[] {1, 2, 11, 12}, crop.data()[0]);
    }
}
