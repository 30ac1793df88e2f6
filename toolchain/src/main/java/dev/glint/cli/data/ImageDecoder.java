package dev.glint.cli.data;

import dev.glint.ir.GlintException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Decodes PNG and JPEG files (the readers built into javax.imageio) into {@link PlanarImage}s of their
 * colour channels: 1 for grey, 3 for colour in R, G, B order. An alpha channel is dropped; samples of
 * 16-bit images are brought to the 0..255 scale. Raster samples are read directly rather than through
 * {@code BufferedImage.getRGB}, which would convert grey images through a linear colour space.
 *
 * <p>Colour profiles are not applied: a JPEG's YCbCr samples are converted to RGB with the JFIF formula
 * (ITU-T T.871) and nothing else, as PIL and OpenCV decode them, because models are trained on what those
 * decoders give. (javax.imageio's ordinary {@code read} would convert through an embedded ICC profile and
 * shift the colours of such files by several levels.)
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
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new GlintException(file + ": not a PNG or JPEG image this Java can read");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, false);
                    if (reader.getFormatName().equalsIgnoreCase("jpeg")) {
                        return jpeg(reader, file);
                    }
                    image = reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GlintException g) {
                throw g;
            }
            throw new GlintException(file + ": cannot decode the image (" + e.getMessage() + ")");
        }
        return planes(image);
    }

    /** A JPEG's samples without colour management: grey, or YCbCr (or, with Adobe's marker, RGB) to RGB. */
    private static PlanarImage jpeg(ImageReader reader, Path file) throws IOException {
        boolean adobeRgb = adobeTransform(reader.getImageMetadata(0)) == 0;
        Raster raster = reader.readRaster(0, null);
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        if (bands != 1 && bands != 3) {
            throw GlintException.of("%s: a JPEG with %d colour components (CMYK?) is not supported; convert it to RGB",
                    file, bands);
        }
        float[][] data = new float[bands][w * h];
        int[] pixel = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, pixel);
                int i = y * w + x;
                if (bands == 1 || adobeRgb) {
                    for (int c = 0; c < bands; c++) {
                        data[c][i] = pixel[c];
                    }
                } else {
                    double luma = pixel[0];
                    double cb = pixel[1] - 128;
                    double cr = pixel[2] - 128;
                    data[0][i] = clampByte(luma + 1.402 * cr);
                    data[1][i] = clampByte(luma - 0.344136 * cb - 0.714136 * cr);
                    data[2][i] = clampByte(luma + 1.772 * cb);
                }
            }
        }
        return new PlanarImage(w, h, data);
    }

    /** Rounds to a whole 8-bit level, as a decoder's RGB output is. */
    private static float clampByte(double v) {
        return (float) Math.max(0, Math.min(255, Math.rint(v)));
    }

    /** The transform flag of a JPEG's Adobe APP14 marker (0: components are RGB, not YCbCr), or -1. */
    private static int adobeTransform(IIOMetadata metadata) {
        if (metadata == null) {
            return -1;
        }
        try {
            Node root = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
            return findAdobe(root);
        } catch (IllegalArgumentException e) {
            return -1; // no native JPEG metadata: assume JFIF (YCbCr)
        }
    }

    private static int findAdobe(Node node) {
        if (node.getNodeName().equals("app14Adobe") && node instanceof Element e && e.hasAttribute("transform")) {
            return Integer.parseInt(e.getAttribute("transform"));
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            int t = findAdobe(c);
            if (t >= 0) {
                return t;
            }
        }
        return -1;
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
