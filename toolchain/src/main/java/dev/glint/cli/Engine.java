package dev.glint.cli;

import dev.glint.ir.Tensor;
import java.util.Map;

/** Something that executes one prepared graph: the reference interpreter now, compiled code later. */
public interface Engine {
    /** Runs the graph on inputs keyed by input name; returns the outputs keyed by output name, in order. */
    Map<String, Tensor> run(Map<String, Tensor> inputs);
}
