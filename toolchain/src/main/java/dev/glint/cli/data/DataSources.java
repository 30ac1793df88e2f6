package dev.glint.cli.data;

import dev.glint.cli.Labels;
import dev.glint.ir.GlintException;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens what {@code --data}, {@code --preprocess} and {@code --labels} name: an {@code .npy} array
 * ({@link Dataset#read}), or a folder of images (or one image) preprocessed for the model's input; and the
 * labels that go with it.
 */
public final class DataSources {
    private DataSources() {}

    /**
     * The dataset at {@code path}. An image folder or file is prepared for {@code input} (its channel
     * count and, unless {@code --preprocess} says otherwise, its height and width); {@code preprocess} may
     * be null and is an error for {@code .npy} data.
     */
    public static Dataset open(Path path, String preprocess, TensorType input, String inputName) {
        if (!Files.isDirectory(path) && !ImageDataset.isImageFile(path)) {
            if (preprocess != null) {
                throw new GlintException("--preprocess applies to image folders and image files; " + path
                        + " is an array (.npy) whose samples are used as they are");
            }
            return Dataset.read(path);
        }
        Preprocessing p = Preprocessing.parse(preprocess);
        int[] chw = channelsHeightWidth(input, inputName, p.layout());
        return ImageDataset.open(path, new ImageTransform(p.withDefaultCrop(chw[1], chw[2]), chw[0]));
    }

    /**
     * The labels for {@code data}: from {@code labels} (an integer {@code .npy} array, or for images a text
     * file of {@code NAME LABEL} lines), or, for images when {@code labels} is null, from the images' names
     * (see {@link ImageLabels}).
     */
    public static Labels labels(String labels, Dataset data) {
        if (labels == null) {
            if (data instanceof ImageDataset images) {
                return ImageLabels.fromNames(images);
            }
            throw new GlintException("--labels L.npy is needed with array data (" + data.source() + ")");
        }
        Path file = Path.of(labels);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return Labels.read(file, data.size());
        }
        if (data instanceof ImageDataset images) {
            return ImageLabels.fromTextFile(images, file);
        }
        throw new GlintException("--labels " + labels + ": array data needs its labels as an integer .npy array");
    }

    /** {channels, height, width} of an image input of rank 3 or 4 in the given layout. */
    static int[] channelsHeightWidth(TensorType input, String inputName, Preprocessing.Layout layout) {
        int r = input.rank();
        if (r != 3 && r != 4 || r == 4 && input.dim(0) != 1) {
            throw GlintException.of("image data needs an image input ([1,C,H,W] or [1,H,W,C]); input '%s' is %s",
                    inputName, input);
        }
        int base = r - 3;
        return layout == Preprocessing.Layout.NCHW
                ? new int[] {input.dim(base), input.dim(base + 1), input.dim(base + 2)}
                : new int[] {input.dim(base + 2), input.dim(base), input.dim(base + 1)};
    }
}
