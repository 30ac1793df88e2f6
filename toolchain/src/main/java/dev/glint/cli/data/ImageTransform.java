package dev.glint.cli.data;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;

/**
 * Applies a {@link Preprocessing} to a decoded image: resize, centre crop, scale, per-channel
 * normalisation, channel order and layout. The result is a float32 sample of shape [C, H, W] (nchw) or
 * [H, W, C] (nhwc), without the batch axis.
 */
public final class ImageTransform {
    private final Preprocessing p;
    private final int channels;

    /** @param p a preprocessing whose crop size is set; {@code channels} the model's channel count */
    public ImageTransform(Preprocessing p, int channels) {
        if (p.cropH() <= 0 || p.cropW() <= 0) {
            throw new IllegalArgumentException("crop size unset");
        }
        p.checkChannels(channels);
        this.p = p;
        this.channels = channels;
    }

    /** The type of every sample this transform produces. */
    public TensorType sampleType() {
        return p.layout() == Preprocessing.Layout.NCHW ? TensorType.f32(channels, p.cropH(), p.cropW())
                : TensorType.f32(p.cropH(), p.cropW(), channels);
    }

    /** Transforms one image; {@code source} names it in the message when its channels do not fit. */
    public Tensor apply(PlanarImage image, String source) {
        if (image.channels() != channels) {
            throw GlintException.of("%s: the image has %d colour channel%s (%s) but the model's input takes %d",
                    source, image.channels(), image.channels() == 1 ? "" : "s",
                    image.channels() == 1 ? "grey" : image.channels() == 3 ? "colour" : "unusual", channels);
        }
        int[] size = p.resize() > 0 ? Resampler.shorterSideSize(image.width(), image.height(), p.resize())
                : Resampler.coverSize(image.width(), image.height(), p.cropW(), p.cropH());
        if (size[0] < p.cropW() || size[1] < p.cropH()) {
            throw GlintException.of("%s: resized to %dx%d, the image is smaller than the %dx%d crop (--preprocess)",
                    source, size[0], size[1], p.cropW(), p.cropH());
        }
        PlanarImage cropped = Resampler.centreCrop(Resampler.resize(image, size[0], size[1]), p.cropW(), p.cropH());
        return Tensor.ofFloats(sampleType(), normalise(cropped));
    }

    /** Scale, mean and std per channel, written in the model's channel order and layout. */
    private float[] normalise(PlanarImage img) {
        int hw = img.width() * img.height();
        float[] out = new float[channels * hw];
        boolean planar = p.layout() == Preprocessing.Layout.NCHW;
        for (int c = 0; c < channels; c++) {
            // With order=bgr the model's channel c is the image's channel (C - 1 - c).
            int from = p.order() == Preprocessing.ChannelOrder.BGR ? channels - 1 - c : c;
            float[] plane = img.data()[from];
            double mean = p.mean(c);
            double std = p.std(c);
            for (int i = 0; i < hw; i++) {
                float v = (float) ((plane[i] * p.scale() - mean) / std);
                out[planar ? c * hw + i : i * channels + c] = v;
            }
        }
        return out;
    }
}
