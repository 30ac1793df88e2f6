package dev.glint.codegen.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kernel whose weights, bias and per-channel tables are packed at compile time into constant blobs:
 * it reads only its first input (the activations) at run time.
 */
abstract class PackedWeightsKernel implements Kernel {
    /** The packed constants by name, filled by the subclass's constructor. */
    final Map<String, byte[]> blobs = new LinkedHashMap<>();

    @Override
    public Map<String, byte[]> constantBlobs() {
        return blobs;
    }

    @Override
    public boolean readsInput(int index) {
        return index == 0; // weights and bias live in the packed data
    }

    /** A little-endian buffer of {@code bytes} bytes to pack into. */
    static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
