package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Npy;
import java.nio.file.Path;
import java.util.Arrays;

/** The class labels of a dataset: one integer per sample, read from an integer {@code .npy} array. */
public final class Labels {
    private final long[] labels;
    private final String source;

    private Labels(long[] labels, String source) {
        this.labels = labels;
        this.source = source;
    }

    /** Reads labels from {@code path} and checks there is one per sample. */
    public static Labels read(Path path, int samples) {
        return of(Npy.read(path), path.toString(), samples);
    }

    /** Labels given one per sample; {@code source} names where they came from in messages. */
    public static Labels of(long[] labels, String source) {
        return new Labels(labels.clone(), source);
    }

    /** Number of labels. */
    public int size() {
        return labels.length;
    }

    /** Labels from a tensor of shape [samples] (or [samples, 1]); {@code source} names it in messages. */
    public static Labels of(Tensor t, String source, int samples) {
        if (t.type().kind().isFloat()) {
            throw GlintException.of("%s: labels must be an integer array, got %s", source, t.type());
        }
        int[] shape = t.shape();
        boolean column = shape.length == 2 && shape[1] == 1;
        if (shape.length != 1 && !column) {
            throw GlintException.of("%s: labels must be a 1-D array with one label per sample, got shape %s", source,
                    Arrays.toString(shape));
        }
        if (shape[0] != samples) {
            throw GlintException.of("%s: %d labels for %d samples", source, shape[0], samples);
        }
        return new Labels(t.toLongArray(), source);
    }

    public long get(int i) {
        return labels[i];
    }

    /** Checks that the first {@code count} labels name one of {@code classes} classes (0-based). */
    public void checkRange(int count, int classes) {
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw GlintException.of("%s: label %d of sample %d is not a class of the model's output (0..%d)",
                        source, labels[i], i, classes - 1);
            }
        }
    }
}
