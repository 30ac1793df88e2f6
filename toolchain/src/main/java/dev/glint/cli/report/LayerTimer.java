package dev.glint.cli.report;

import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Times one layer of a graph on its own: the node, with its constant operands and with its other operands
 * turned into graph inputs, is compiled by the JIT as a one-node network and run repeatedly on given input
 * values; the result is the median wall time of a run. That includes copying the inputs into the native
 * buffers and the output back out, and excludes any fusion with neighbouring layers the whole network
 * would get, so the sum over layers is an estimate of the network's time, not a measurement of it.
 */
public final class LayerTimer {
    private final JitCompiler compiler = new JitCompiler();
    private final int runs;

    /** @param runs timed runs per layer (after two untimed warm-up runs) */
    public LayerTimer(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        this.runs = runs;
    }

    /** The number of timed runs per layer. */
    public int runs() {
        return runs;
    }

    /**
     * The median time of one run of {@code node} alone, in microseconds. {@code values} gives each
     * non-constant operand's value by name; an operand it lacks is fed zeros.
     */
    public double microseconds(Node node, Function<String, Tensor> values) {
        Graph single = singleNodeGraph(node);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        single.inputs().forEach(in -> {
            Tensor v = values.apply(in.name());
            inputs.put(in.name(), v != null && v.type().sameKindAndShape(in.type()) ? v : Tensor.zeros(in.type()));
        });
        try (CompiledNetwork net = compiler.compile(single)) {
            net.run(inputs);
            net.run(inputs);
            long[] nanos = new long[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                net.run(inputs);
                nanos[r] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            return nanos[runs / 2] / 1000.0;
        }
    }

    /**
     * A copy of {@code node} as the only operation of a new graph: written as textual IR (constants with
     * all their data) and parsed back, so the copy shares nothing with the original graph.
     */
    static Graph singleNodeGraph(Node node) {
        GraphPrinter printer = GraphPrinter.withAllData();
        StringBuilder text = new StringBuilder("graph layer(");
        Map<String, Node> operands = new LinkedHashMap<>();
        for (Node in : node.inputs()) {
            operands.putIfAbsent(in.name(), in);
        }
        boolean firstInput = true;
        for (Node in : operands.values()) {
            if (!in.isConstant()) {
                text.append(firstInput ? "" : ", ").append(GraphPrinter.valueRef(in.name())).append(": ").append(in.type());
                firstInput = false;
            }
        }
        text.append(") {\n");
        for (Node in : operands.values()) {
            if (in.isConstant()) {
                text.append("  ").append(printer.print(in)).append('\n');
            }
        }
        text.append("  ").append(printer.print(node)).append('\n');
        text.append("  return ").append(GraphPrinter.valueRef(node.name())).append("\n}\n");
        return GraphParser.parse(text.toString(), "layer " + node.name());
    }
}
