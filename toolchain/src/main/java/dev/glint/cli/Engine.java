package dev.glint.cli;

import dev.glint.ir.Tensor;
import java.util.Map;

/**
 * Something that executes one prepared graph: the reference interpreter or compiled native code. Engines
 * that hold native resources release them in {@link #close()}.
 */
public interface Engine extends AutoCloseable {
    /** Runs the graph on inputs keyed by input name; returns the outputs keyed by output name, in order. */
    Map<String, Tensor> run(Map<String, Tensor> inputs);

    @Override
    default void close() {
        // nothing to release by default
    }
}
