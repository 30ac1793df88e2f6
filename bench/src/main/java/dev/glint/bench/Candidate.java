package dev.glint.bench;

/**
 * One configuration being timed: an engine running one model at one precision with a thread count.
 * {@link #runOnce()} does one inference on the fixed input.
 */
interface Candidate extends AutoCloseable {
    /** The engine's name in reports: {@code glint} or {@code onnxruntime}. */
    String engine();

    /** {@code fp32} or {@code int8}. */
    String precision();

    int threads();

    /** How long preparing the candidate (compiling, or creating the session) took. */
    double compileMillis();

    /** One inference; returns the first output as floats (so that the work cannot be optimized away). */
    float[] runOnce();

    @Override
    void close();
}
