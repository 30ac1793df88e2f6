package dev.glint.cli.data;

/**
 * An image as one plane of samples per channel ({@code data[c][y * width + x]}), on the scale of the file's
 * 8-bit values (0..255) but held as floats, so that resampling does not round between steps.
 */
public record PlanarImage(int width, int height, float[][] data) {
    public int channels() {
        return data.length;
    }

    /** The sample of channel {@code c} at column {@code x}, row {@code y}. */
    public float at(int c, int x, int y) {
        return data[c][y * width + x];
    }
}
