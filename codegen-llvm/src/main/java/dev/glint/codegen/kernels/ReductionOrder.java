package dev.glint.codegen.kernels;

/**
 * How a matrix-product kernel ({@link IndirectGemmKernel}) walks one output's reduction: in
 * {@code reads} reads per row, each of {@code wordsPerRead} words of {@code group} elements from the
 * channels-last input, and which weight each element meets. Weights are packed in this order, and
 * whatever depends on which elements share a word (the exactness of {@code vpmaddubsw}'s pairs) asks it.
 *
 * <p>Tap by tap, a read is one tap's channels, padded to whole words. Where that would leave words mostly
 * padding (the 1 or 3 channels of a network's first layer: a 5x5 kernel over one channel takes 25 words of
 * one useful byte each), a read is a kernel row instead: its taps' channels are contiguous in an input
 * whose positions are not padded (columns not dilated), so the row is one run of words (10 for that 5x5,
 * c4). A run's last word may reach past the row's last tap into the next elements; their weights are
 * zero, and integer products with them vanish exactly.
 *
 * @param taps the kernel's taps (1 for a fully connected layer)
 * @param tapChannels reduction elements per tap: input channels per group (a fully connected layer's depth)
 * @param kernelColumns taps per kernel row (1 for a fully connected layer)
 * @param rowRuns whether a read is a kernel row rather than a tap
 * @param reads reads per row: kernel rows or taps
 * @param wordsPerRead words per read, the elements padded to whole words
 * @param group elements per word
 */
record ReductionOrder(int taps, int tapChannels, int kernelColumns, boolean rowRuns, int reads, int wordsPerRead,
        int group) {
    /** The order of {@code view}'s reduction in words of {@code group} elements: runs where they take fewer words. */
    static ReductionOrder of(MatrixView view, int group) {
        Window2d w = view.window;
        int taps = w == null ? 1 : w.taps();
        int tapChannels = view.depth / taps;
        int tapWords = ceilDiv(tapChannels, group);
        if (w != null && w.dilation[1] == 1) {
            int runWords = ceilDiv(w.kernel[1] * tapChannels, group);
            if ((long) w.kernel[0] * runWords < (long) taps * tapWords) {
                return new ReductionOrder(taps, tapChannels, w.kernel[1], true, w.kernel[0], runWords, group);
            }
        }
        return new ReductionOrder(taps, tapChannels, w == null ? 1 : w.kernel[1], false, taps, tapWords, group);
    }

    /** Words per row of the product. */
    int words() {
        return reads * wordsPerRead;
    }

    /** Elements of one position in the channels-last input the reads expect: padded to whole words unless runs. */
    int positionElements() {
        return rowRuns ? tapChannels : ceilDiv(tapChannels, group) * group;
    }

    /**
     * The weights' reduction index (channel-major, {@code channel * taps + tap}, as the node stores them)
     * of element {@code e} of read {@code read}, or -1 for an element that only fills a word (zero weight).
     */
    int index(int read, int e) {
        if (rowRuns) {
            return e < kernelColumns * tapChannels ? e % tapChannels * taps + read * kernelColumns + e / tapChannels : -1;
        }
        return e < tapChannels ? e * taps + read : -1;
    }

    /** Kernel row and column of read {@code read}'s first tap. */
    int[] firstTap(int read) {
        return rowRuns ? new int[] {read, 0} : new int[] {read / kernelColumns, read % kernelColumns};
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
