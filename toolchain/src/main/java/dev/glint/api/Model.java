package dev.glint.api;

import dev.glint.codegen.JitCompiler;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.Dataset;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.optimize.QuantOptimizer;
import dev.glint.quantizer.profile.Profiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded model: the canonical float graph read by {@link Glint#load}, or the int8 graph {@link
 * #quantize} made from it. A model is never modified after it is made (quantizing returns a new one), so
 * one instance may be shared by threads; compiling it ({@link #compileJit}) gives the object that runs it.
 */
public final class Model {
    private final Path file;
    private final String modelHash;
    private final Graph floatGraph;
    private final Graph quantGraph;

    private Model(Path file, String modelHash, Graph floatGraph, Graph quantGraph) {
        this.file = file;
        this.modelHash = modelHash;
        this.floatGraph = floatGraph;
        this.quantGraph = quantGraph;
    }

    static Model floating(Path file, String modelHash, Graph graph) {
        return new Model(file, modelHash, graph, null);
    }

    /** The file the model was loaded from. */
    public Path file() {
        return file;
    }

    /** True for a model made by {@link #quantize}. */
    public boolean isQuantized() {
        return quantGraph != null;
    }

    /** The graph that {@link #compileJit} compiles (the int8 one once quantized), for the lower-level APIs. */
    public Graph graph() {
        return quantGraph != null ? quantGraph : floatGraph;
    }

    /** The model's inputs, in order. */
    public List<TensorInfo> inputs() {
        return graph().inputs().stream().map(in -> new TensorInfo(in.name(), in.type())).toList();
    }

    /** The model's outputs, in order. */
    public List<TensorInfo> outputs() {
        return graph().outputs().stream().map(o -> new TensorInfo(o.name(), o.node().type())).toList();
    }

    /**
     * Measures the range of every float value over the samples of an {@code .npy} file whose first axis
     * counts them (see {@link #profile(Dataset)}).
     */
    public Profile profile(Path calibrationNpy) {
        return profile(Dataset.read(calibrationNpy));
    }

    /**
     * Measures the range of every float value over a dataset, running each sample through the reference
     * interpreter. Each sample must have the element count of the model's single input (it is reshaped to
     * it; integer data becomes float unchanged).
     *
     * @throws GlintException for a model with several inputs, an empty dataset, samples that do not fit, or
     *                        NaN or infinity anywhere
     */
    public Profile profile(Dataset calibration) {
        requireFloat("profile");
        if (floatGraph.inputs().size() != 1) {
            throw GlintException.of("profiling a dataset needs a model with one input; %s has %d (use profile(Iterable))",
                    file, floatGraph.inputs().size());
        }
        if (calibration.size() == 0) {
            throw new GlintException(calibration.source() + ": the dataset holds no samples");
        }
        InputNode input = floatGraph.inputs().get(0);
        calibration.checkFits(input.type(), input.name());
        Profiler profiler = new Profiler(floatGraph);
        for (int i = 0; i < calibration.size(); i++) {
            profiler.addSample(Map.of(input.name(), calibration.sample(i, input.type(), input.name())));
        }
        return new Profile(profiler.toProfile(modelHash));
    }

    /**
     * Measures the range of every float value over samples given as inputs keyed by input name (for models
     * with several inputs); each value must have its input's exact type.
     */
    public Profile profile(Iterable<Map<String, Tensor>> samples) {
        requireFloat("profile");
        Profiler profiler = new Profiler(floatGraph);
        for (Map<String, Tensor> sample : samples) {
            profiler.addSample(sample);
        }
        return new Profile(profiler.toProfile(modelHash));
    }

    /** Quantizes with the default configuration: asymmetric int8 activations, min-max ranges, per-channel weights. */
    public Model quantize(Profile profile) {
        return quantize(profile, QuantConfig.defaults());
    }

    /**
     * Converts the model into one with int8 islands (every node with an int8 implementation, except those
     * {@code config} keeps in float) and runs the int8 optimizer over it.
     *
     * @throws GlintException when the profile was made for another model, or the model is already quantized
     */
    public Model quantize(Profile profile, QuantConfig config) {
        requireFloat("quantize");
        profile.measurements().checkFits(floatGraph, modelHash, "profile");
        Graph quantized = Quantizer.quantize(floatGraph, profile.measurements(), config).graph();
        new QuantOptimizer().run(quantized);
        return new Model(file, modelHash, floatGraph, quantized);
    }

    /**
     * Compiles the model (float, or int8 once quantized) into native code for this machine through LLVM's
     * JIT. The result holds native memory: close it.
     */
    public CompiledModel compileJit() {
        return new CompiledModel(new JitCompiler().compile(graph()));
    }

    private void requireFloat(String what) {
        if (quantGraph != null) {
            throw new GlintException(file + ": cannot " + what + " a model that is already quantized; use the model Glint.load returned");
        }
    }
}
