package dev.glint.ir.io;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;

/**
 * Fits user data (typically read from an {@code .npy} file) to a graph input's type, following the
 * command-line contract: data whose element count equals the input's is reshaped to the input's shape,
 * and integer data fed to a float32 input is converted to float32 value for value (no scaling). Anything
 * else is a {@link GlintException} naming the input, both shapes and the data's source.
 */
public final class InputConversion {
    private InputConversion() {}

    /**
     * Returns {@code data} with exactly {@code target}'s kind and shape.
     *
     * @param inputName the graph input, for messages
     * @param source    where the data came from (a file name), for messages
     */
    public static Tensor conform(Tensor data, TensorType target, String inputName, String source) {
        TensorType have = data.type();
        if (have.numElements() != target.numElements()) {
            throw GlintException.of("input '%s' expects %s (%d elements); %s holds %s (%d elements)",
                    inputName, target, target.numElements(), source, have, have.numElements());
        }
        return convertKind(data, target, inputName, source);
    }

    private static Tensor convertKind(Tensor data, TensorType target, String inputName, String source) {
        ElemKind from = data.type().kind();
        ElemKind to = target.kind();
        if (from == to) {
            return data.reshape(target);
        }
        if (to == ElemKind.FLOAT32) {
            // Integers (pixel bytes, token ids) become floats unchanged; values beyond 2^24 round, as in numpy.
            return Tensor.ofFloats(target, data.toFloatArray());
        }
        if (from == ElemKind.FLOAT32) {
            throw GlintException.of("input '%s' expects %s values; %s holds float32 values", inputName,
                    to.mnemonic(), source);
        }
        return convertInteger(data, target, inputName, source);
    }

    /** Integer to another integer kind: allowed when every value fits the target kind. */
    private static Tensor convertInteger(Tensor data, TensorType target, String inputName, String source) {
        ElemKind to = target.kind();
        int n = data.size();
        if (to == ElemKind.INT64) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = data.getLong(i);
            }
            return Tensor.ofLongs(target, v);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            long x = data.getLong(i);
            if (x < to.min() || x > to.max()) {
                throw GlintException.of("input '%s' expects %s values; %s holds %d at index %d", inputName,
                        to.mnemonic(), source, x, i);
            }
            v[i] = (int) x;
        }
        return Tensor.ofInts(target, v);
    }
}
