package dev.glint.ir.io;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.nio.file.Path;

/**
 * A numbered set of samples that {@code glint eval}, {@code glint profile} and {@code glint report} feed
 * to a model one at a time: an {@code .npy} array whose first axis counts samples ({@link ArrayDataset}),
 * or a folder of images decoded and preprocessed on demand (in the toolchain). Samples are produced one at
 * a time, so memory does not grow with the dataset.
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** Where the data came from (a file or folder name), for messages. */
    String source();

    /** The kind and shape of every sample as produced by {@link #sample(int)}. */
    TensorType sampleType();

    /** Sample {@code i} ({@code 0 <= i < size()}) in its own kind and shape. */
    Tensor sample(int i);

    /** Reads a dataset from an {@code .npy} file. */
    static Dataset read(Path path) {
        return ArrayDataset.read(path);
    }

    /** The samples along the first axis of {@code data}; {@code source} names it in messages. */
    static Dataset of(Tensor data, String source) {
        return new ArrayDataset(data, source);
    }

    /**
     * Checks that each sample can feed the input (same element count; see {@link InputConversion}), so
     * that a mismatch is reported before any sample is run.
     */
    default void checkFits(TensorType input, String inputName) {
        TensorType t = sampleType();
        if (t.numElements() != input.numElements()) {
            throw GlintException.of("%s: samples of %s (%d elements) do not fit input '%s' %s (%d elements)",
                    source(), t, t.numElements(), inputName, input, input.numElements());
        }
    }

    /** Sample {@code i} reshaped and converted to feed an input of type {@code input}. */
    default Tensor sample(int i, TensorType input, String inputName) {
        checkFits(input, inputName);
        return InputConversion.conform(sample(i), input, inputName, source() + " sample " + i);
    }
}
