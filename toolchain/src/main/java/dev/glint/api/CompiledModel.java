package dev.glint.api;

import dev.glint.codegen.CompiledNetwork;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A model compiled into this process, ready to run.
 *
 * <p><b>Thread safety:</b> {@link #run(float[])} and {@link #run(Map)} may be called from any number of
 * threads at once. The compiled code and the constant weights are shared; each call takes its own input,
 * output and activation memory from a pool (the underlying {@link CompiledNetwork} is thread-safe).
 *
 * <p><b>Resources:</b> the code and its buffers are native memory, released by {@link #close()}; use
 * try-with-resources. Closing waits for calls in progress; running a closed model is a
 * {@link GlintException}.
 */
public final class CompiledModel implements AutoCloseable {
    private final CompiledNetwork network;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;

    CompiledModel(CompiledNetwork network) {
        this.network = network;
        Graph g = network.lowered().graph();
        this.inputs = g.inputs().stream().map(in -> new TensorInfo(in.name(), in.type())).toList();
        this.outputs = g.outputs().stream().map(o -> new TensorInfo(o.name(), o.node().type())).toList();
    }

    /** The inputs, in the model's order. */
    public List<TensorInfo> inputs() {
        return inputs;
    }

    /** The outputs, in the model's order. */
    public List<TensorInfo> outputs() {
        return outputs;
    }

    /**
     * Runs a model with one float input and one float output: {@code input} holds the input's elements in
     * row-major order (its length must be the input's element count, whatever the shape); returns the
     * output's elements in row-major order.
     *
     * @throws GlintException when the model has several inputs or outputs, or {@code input} has the wrong length
     */
    public float[] run(float[] input) {
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw GlintException.of("run(float[]) needs a model with one input and one output; this one has %s -> %s: "
                    + "use run(Map)", inputs, outputs);
        }
        TensorInfo in = inputs.get(0);
        if (in.kind() != ElemKind.FLOAT32 || outputs.get(0).kind() != ElemKind.FLOAT32) {
            throw GlintException.of("run(float[]) needs a float input and output; this model has %s -> %s: use run(Map)",
                    in, outputs.get(0));
        }
        if (input.length != in.elementCount()) {
            throw GlintException.of("input '%s' expects %d values (%s), got %d", in.name(), in.elementCount(),
                    in.type(), input.length);
        }
        Tensor value = Tensor.ofFloats(in.type(), input.clone());
        return run(Map.of(in.name(), value)).get(outputs.get(0).name()).toFloatArray();
    }

    /**
     * Runs the model on a value for every input, keyed by input name, each of the input's exact element type
     * and shape; returns every output by name, in the model's order.
     *
     * @throws GlintException when an input is missing, unknown or of another type or shape
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputValues) {
        try {
            return network.run(inputValues);
        } catch (IllegalStateException e) {
            if (network.isClosed()) {
                throw new GlintException("the compiled model '" + network.lowered().entryName() + "' is closed");
            }
            throw e;
        }
    }

    /** Milliseconds it took to compile the model (lowering, LLVM optimization, JIT code generation). */
    public double compileMillis() {
        return network.compileMillis();
    }

    /** Releases the native code and memory, after calls in progress finish; closing twice is harmless. */
    @Override
    public void close() {
        network.close();
    }
}
