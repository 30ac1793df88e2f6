package dev.glint.ir.onnx;

/**
 * How large a tensor the importer may compute by itself: folded constants, ConstantOfShape, Range,
 * Gather and integer shape arithmetic. Tensors read from the file are bounded by the file's size (their
 * declared sizes must match the data present), but computed ones are not: a forged shape could ask for
 * gigabytes and end the JVM with an OutOfMemoryError. So every such computation is checked here before
 * anything is allocated.
 *
 * <p>The limit is {@value #MAX_COMPUTED_ELEMENTS} elements (512 MiB of float32), or the total size of
 * the operation's inputs when that is larger, since folding that does not grow the data (a transpose of
 * a large weight) creates nothing the file did not already hold.
 */
final class ImportLimits {
    /**
     * 2^27 elements: above the largest weights that real models fill at import time (VGG-19's fc6,
     * 4096 x 25088 = 102.8 M elements, from ConstantOfShape in the light conformance models), far below
     * what would exhaust a JVM heap.
     */
    static final long MAX_COMPUTED_ELEMENTS = 1L << 27;

    private ImportLimits() {}

    /**
     * The number of elements of {@code shape} (any dimensions, checked for overflow), failing for node
     * {@code n} when it exceeds what the node may compute from inputs of {@code inputElements} elements.
     */
    static int checkComputed(OnnxNode n, long[] shape, long inputElements) {
        long limit = Math.max(MAX_COMPUTED_ELEMENTS, inputElements);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw n.error("invalid dimension %d in a computed shape %s", d, java.util.Arrays.toString(shape));
            }
            // Checked before multiplying, so the product never overflows.
            if (d != 0 && count > limit / d) {
                throw n.error("computing it at import time would create a tensor of shape %s, more than %d elements",
                        java.util.Arrays.toString(shape), limit);
            }
            count *= d;
        }
        return (int) count;
    }

    /** {@link #checkComputed(OnnxNode, long[], long)} for an {@code int[]} shape. */
    static int checkComputed(OnnxNode n, int[] shape, long inputElements) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return checkComputed(n, s, inputElements);
    }
}
