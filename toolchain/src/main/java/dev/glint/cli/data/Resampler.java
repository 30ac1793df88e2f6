package dev.glint.cli.data;

/**
 * Resizing and cropping of {@link PlanarImage}s. Resizing is separable linear interpolation (a triangle
 * filter) with pixel centres at half-integer coordinates; when shrinking, the triangle is widened by the
 * shrink factor so that every source pixel contributes (area-aware "antialiased" bilinear, as Pillow's
 * BILINEAR filter does), rather than sampling only the two nearest pixels and aliasing.
 */
public final class Resampler {
    private Resampler() {}

    /**
     * The size after scaling the shorter side to {@code shorter}: the longer side becomes
     * {@code round(long * shorter / short)}, which keeps the aspect ratio best (and is what the shared
     * ImageNet samples were made with; torchvision truncates instead). Returns {width, height}.
     */
    public static int[] shorterSideSize(int width, int height, int shorter) {
        if (width <= height) {
            return new int[] {shorter, Math.max(1, (int) Math.round((double) height * shorter / width))};
        }
        return new int[] {Math.max(1, (int) Math.round((double) width * shorter / height)), shorter};
    }

    /** The smallest size with the image's aspect ratio that covers {@code cropW x cropH}; {width, height}. */
    public static int[] coverSize(int width, int height, int cropW, int cropH) {
        double s = Math.max((double) cropW / width, (double) cropH / height);
        return new int[] {Math.max(cropW, (int) Math.ceil(width * s - 1e-9)), Math.max(cropH, (int) Math.ceil(height * s - 1e-9))};
    }

    /** The image resampled to {@code newWidth x newHeight}. */
    public static PlanarImage resize(PlanarImage img, int newWidth, int newHeight) {
        if (newWidth == img.width() && newHeight == img.height()) {
            return img;
        }
        Taps horizontal = Taps.of(img.width(), newWidth);
        Taps vertical = Taps.of(img.height(), newHeight);
        float[][] out = new float[img.channels()][];
        for (int c = 0; c < img.channels(); c++) {
            float[] rows = new float[newWidth * img.height()];
            for (int y = 0; y < img.height(); y++) {
                horizontal.apply(img.data()[c], y * img.width(), 1, rows, y * newWidth, 1);
            }
            float[] plane = new float[newWidth * newHeight];
            for (int x = 0; x < newWidth; x++) {
                vertical.apply(rows, x, newWidth, plane, x, newWidth);
            }
            out[c] = plane;
        }
        return new PlanarImage(newWidth, newHeight, out);
    }

    /**
     * The centred {@code cropW x cropH} window; when the margin is odd, the extra pixel is left on the
     * bottom/right side (offset {@code floor((size - crop) / 2)}).
     */
    public static PlanarImage centreCrop(PlanarImage img, int cropW, int cropH) {
        if (cropW > img.width() || cropH > img.height()) {
            throw new IllegalArgumentException("crop " + cropW + "x" + cropH + " exceeds " + img.width() + "x" + img.height());
        }
        int left = (img.width() - cropW) / 2;
        int top = (img.height() - cropH) / 2;
        float[][] out = new float[img.channels()][cropW * cropH];
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < cropH; y++) {
                System.arraycopy(img.data()[c], (top + y) * img.width() + left, out[c], y * cropW, cropW);
            }
        }
        return new PlanarImage(cropW, cropH, out);
    }

    /** For each output position along one axis: the first source index and the normalised weights. */
    private record Taps(int[] first, float[][] weights) {
        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double support = Math.max(1.0, scale); // half-width of the triangle, in source pixels
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int o = 0; o < outSize; o++) {
                double centre = (o + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(inSize, (int) Math.ceil(centre + support));
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int i = lo; i < hi; i++) {
                    w[i - lo] = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
                    sum += w[i - lo];
                }
                float[] f = new float[w.length];
                for (int i = 0; i < w.length; i++) {
                    f[i] = (float) (w[i] / sum);
                }
                first[o] = lo;
                weights[o] = f;
            }
            return new Taps(first, weights);
        }

        /** Resamples one line: {@code in[inBase + i * inStride]} to {@code out[outBase + o * outStride]}. */
        void apply(float[] in, int inBase, int inStride, float[] out, int outBase, int outStride) {
            for (int o = 0; o < first.length; o++) {
                float[] w = weights[o];
                int src = inBase + first[o] * inStride;
                float acc = 0;
                for (int k = 0; k < w.length; k++) {
                    acc += w[k] * in[src + k * inStride];
                }
                out[outBase + o * outStride] = acc;
            }
        }
    }
}
