package dev.glint.cli;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.io.InputConversion;
import dev.glint.ir.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code --input} arguments of {@code glint run}: {@code X.npy} feeds a single-input model,
 * {@code NAME=X.npy} feeds the input called NAME. Each array is fitted to its input's type by
 * {@link InputConversion}. Every input must receive exactly one value.
 */
public final class InputBinder {
    private final Graph graph;

    public InputBinder(Graph graph) {
        this.graph = graph;
    }

    /** Reads and converts the given {@code --input} values; returns values keyed by input name. */
    public Map<String, Tensor> bind(List<String> specs) {
        List<InputNode> inputs = graph.inputs();
        if (specs.isEmpty() && !inputs.isEmpty()) {
            throw new GlintException("no --input given; the model's inputs: " + describe(inputs));
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String spec : specs) {
            Assignment a = parse(spec);
            if (files.put(a.input().name(), a.file()) != null) {
                throw new GlintException("input '" + a.input().name() + "' is given more than once");
            }
        }
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (InputNode in : inputs) {
            Path file = files.get(in.name());
            if (file == null) {
                throw GlintException.of("no value for input '%s' %s: add --input %s=FILE.npy", in.name(), in.type(),
                        in.name());
            }
            values.put(in.name(), InputConversion.conform(Npy.read(file), in.type(), in.name(), file.toString()));
        }
        return values;
    }

    private record Assignment(InputNode input, Path file) {}

    private Assignment parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq > 0) {
            String name = spec.substring(0, eq);
            InputNode named = findInput(name);
            if (named != null) {
                return new Assignment(named, Path.of(spec.substring(eq + 1)));
            }
            if (!Files.exists(Path.of(spec))) {
                throw GlintException.of("--input %s: '%s' is not an input of the model (inputs: %s)", spec, name,
                        describe(graph.inputs()));
            }
        }
        if (graph.inputs().size() != 1) {
            throw GlintException.of("--input %s: the model has %d inputs (%s); name each one: --input NAME=FILE.npy",
                    spec, graph.inputs().size(), describe(graph.inputs()));
        }
        return new Assignment(graph.inputs().get(0), Path.of(spec));
    }

    private InputNode findInput(String name) {
        for (InputNode in : graph.inputs()) {
            if (in.name().equals(name)) {
                return in;
            }
        }
        return null;
    }

    private static String describe(List<InputNode> inputs) {
        if (inputs.isEmpty()) {
            return "none";
        }
        return inputs.stream().map(i -> i.name() + " " + i.type()).collect(Collectors.joining(", "));
    }
}
