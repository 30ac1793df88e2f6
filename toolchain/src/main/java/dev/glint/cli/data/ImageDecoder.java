package dev.glint.cli.data;

import dev.glint.ir.GlintException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes PNG and JPEG files (the readers built into javax.imageio) into {@link PlanarImage}s of their
 * colour channels: 1 for grey, 3 for colour in R, G, B order. An alpha channel is dropped; samples of
 * 16-bit images are brought to the 0..255 scale. Raster samples are read directly rather than through
 * {@code BufferedImage.getRGB}, which would convert grey images through a linear colour space.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** Reads an image; an unreadable or undecodable file is a {@link GlintException} naming it. */
    public static PlanarImage read(Path file) {
        BufferedImage image;
        try {
            if (!Files.isRegularFile(file)) {
                throw new GlintException(file + ": no such image file");
            }
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            if (e instanceof GlintException g) {
                throw g;
            }
            throw new GlintException(file + ": cannot decode the image (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new GlintException(file + ": not a PNG or JPEG image this Java can read");
        }
        return planes(image);
    }

    /** The colour planes of a decoded image. */
    static PlanarImage planes(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        int w = image.getWidth();
        int h = image.getHeight();
        if (cm instanceof IndexColorModel) {
            return fromPackedRgb(image, w, h); // palette images: the palette gives the colours
        }
        Raster raster = image.getRaster();
        int channels = cm.getNumColorComponents();
        float[][] data = new float[channels][w * h];
        int[] row = new int[w];
        for (int c = 0; c < channels; c++) {
            double toByteScale = 255.0 / ((1L << cm.getComponentSize(c)) - 1);
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, row);
                for (int x = 0; x < w; x++) {
                    data[c][y * w + x] = (float) (row[x] * toByteScale);
                }
            }
        }
        return new PlanarImage(w, h, data);
    }

    private static PlanarImage fromPackedRgb(BufferedImage image, int w, int h) {
        float[][] data = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                data[0][y * w + x] = (argb >> 16) & 0xff;
                data[1][y * w + x] = (argb >> 8) & 0xff;
                data[2][y * w + x] = argb & 0xff;
            }
        }
        return new PlanarImage(w, h, data);
    }
}
