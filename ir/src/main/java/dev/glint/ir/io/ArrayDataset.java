package dev.glint.ir.io;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A set of samples stored in one tensor whose first axis counts them ({@code [N, ...]}), as in the
 * {@code .npy} files that {@code glint eval} and {@code glint profile} read. Samples are copied out one at
 * a time, so a large dataset is held once, in its file's element type.
 */
public final class ArrayDataset implements Dataset {
    private final Tensor data;
    private final String source;
    private final int samples;
    private final int[] sampleShape;
    private final int sampleSize;

    /**
     * Wraps a tensor of samples.
     *
     * @param source where the data came from (a file name), for messages
     */
    public ArrayDataset(Tensor data, String source) {
        int[] shape = data.shape();
        if (shape.length == 0) {
            throw new GlintException(source + ": a dataset needs a first axis that counts samples, got a scalar");
        }
        this.data = data;
        this.source = source;
        this.samples = shape[0];
        this.sampleShape = Arrays.copyOfRange(shape, 1, shape.length);
        this.sampleSize = TensorType.of(data.type().kind(), sampleShape).numElements();
    }

    /** Reads a dataset from an {@code .npy} file. */
    public static ArrayDataset read(Path path) {
        return new ArrayDataset(Npy.read(path), path.toString());
    }

    /** Number of samples (the length of the first axis). */
    @Override
    public int size() {
        return samples;
    }

    /** The shape of one sample (the data's shape without its first axis). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public ElemKind kind() {
        return data.type().kind();
    }

    @Override
    public TensorType sampleType() {
        return TensorType.of(kind(), sampleShape);
    }

    @Override
    public String source() {
        return source;
    }

    /** Sample {@code i} in its stored shape and kind. */
    @Override
    public Tensor sample(int i) {
        if (i < 0 || i >= samples) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + samples);
        }
        TensorType type = TensorType.of(data.type().kind(), sampleShape);
        int from = i * sampleSize;
        int to = from + sampleSize;
        return switch (data.type().kind()) {
            case FLOAT32 -> Tensor.ofFloats(type, Arrays.copyOfRange(data.floats(), from, to));
            case INT64 -> Tensor.ofLongs(type, Arrays.copyOfRange(data.longs(), from, to));
            default -> Tensor.ofInts(type, Arrays.copyOfRange(data.ints(), from, to));
        };
    }
}
