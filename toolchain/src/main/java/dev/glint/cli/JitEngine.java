package dev.glint.cli;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.util.Map;

/** Compiles a graph to native code for this machine through LLVM (ORC JIT) and runs it in process. */
public final class JitEngine implements Engine, AutoCloseable {
    private final CompiledNetwork network;

    /** Compiles {@code graph} for this machine with the default options. */
    public JitEngine(Graph graph) {
        this(graph, CodegenOptions.defaults());
    }

    /** Compiles {@code graph} for this machine with {@code options} (threads, memory limit, dot-product policy). */
    public JitEngine(Graph graph, CodegenOptions options) {
        this.network = new JitCompiler(TargetSpec.host(), options).compile(graph);
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return network.run(inputs);
    }

    /** How long compiling took. */
    public double compileMillis() {
        return network.compileMillis();
    }

    /** The compiled network's memory plan (the three regions and the activation reuse). */
    public MemoryPlan memoryPlan() {
        return network.memoryPlan();
    }

    @Override
    public void close() {
        network.close();
    }
}
