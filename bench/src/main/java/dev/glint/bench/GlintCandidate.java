package dev.glint.bench;

import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.util.Map;

/** Glint's JIT-compiled network for one graph and thread count. */
final class GlintCandidate implements Candidate {
    private final CompiledNetwork network;
    private final Map<String, Tensor> input;
    private final String precision;
    private final int threads;
    private final double compileMillis;

    GlintCandidate(Graph graph, Map<String, Tensor> input, String precision, int threads) {
        long t0 = System.nanoTime();
        this.network = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults().withThreads(threads)).compile(graph);
        this.compileMillis = (System.nanoTime() - t0) / 1e6;
        this.input = input;
        this.precision = precision;
        this.threads = threads;
    }

    @Override
    public String engine() {
        return "glint";
    }

    @Override
    public String precision() {
        return precision;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public double compileMillis() {
        return compileMillis;
    }

    @Override
    public float[] runOnce() {
        return network.run(input).values().iterator().next().floats();
    }

    @Override
    public void close() {
        network.close();
    }
}
