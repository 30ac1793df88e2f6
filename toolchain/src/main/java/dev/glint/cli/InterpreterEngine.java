package dev.glint.cli;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.util.Map;

/** Runs a graph with the reference {@link Interpreter}. */
public final class InterpreterEngine implements Engine {
    private final Graph graph;

    public InterpreterEngine(Graph graph) {
        this.graph = graph;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return Interpreter.run(graph, inputs);
    }
}
