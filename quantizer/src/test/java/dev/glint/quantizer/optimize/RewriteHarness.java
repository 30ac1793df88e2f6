package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.passes.Canonicalizer;
import dev.glint.ir.passes.PassManager;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Text in, text out for one rewrite: parses a quantized graph, runs the rewrite to a fixed point with
 * verification before and after, checks the rewrite's numeric claim against the input graph on random
 * inputs, and returns the printed result.
 */
final class RewriteHarness {
    /** Random inputs per check. */
    private static final int SEEDS = 5;

    private RewriteHarness() {}

    /** Applies {@code rewrite}, which must claim and keep bit-exact outputs. */
    static String applyExact(QuantRewrite rewrite, String input) {
        return apply(rewrite, input, 0, QuantRewrite.Numerics.EXACT);
    }

    /**
     * Applies {@code rewrite}, which claims {@link QuantRewrite.Numerics#ONE_STEP} somewhere, and checks that
     * every output (dequantized if quantized) moves by at most {@code realTolerance}.
     */
    static String applyWithin(QuantRewrite rewrite, String input, double realTolerance) {
        return apply(rewrite, input, realTolerance, QuantRewrite.Numerics.ONE_STEP);
    }

    /** Asserts that the rewrite leaves {@code input} (written in printed form) exactly as it is. */
    static void assertUnchanged(QuantRewrite rewrite, String input) {
        Graph g = GraphParser.parse(input);
        for (Node n : g.nodes()) {
            assertTrue(!rewrite.matches(n, g), rewrite.name() + " should not match " + n);
        }
        assertEquals(input, applyExact(rewrite, input));
    }

    private static String apply(QuantRewrite rewrite, String input, double tolerance, QuantRewrite.Numerics claim) {
        Graph graph = GraphParser.parse(input);
        Graph reference = GraphParser.parse(input);
        QuantRewrite.Numerics strongest = QuantRewrite.Numerics.EXACT;
        for (Node n : graph.nodes()) {
            if (rewrite.matches(n, graph) && rewrite.numerics(n, graph) == QuantRewrite.Numerics.ONE_STEP) {
                strongest = QuantRewrite.Numerics.ONE_STEP;
            }
        }
        assertEquals(claim, strongest, "the numerics " + rewrite.name() + " claims for this graph");
        new PassManager().add(Canonicalizer.of(rewrite)).verifyEach(true).run(graph);
        for (long seed = 1; seed <= SEEDS; seed++) {
            Map<String, Tensor> inputs = randomInputs(reference, seed);
            assertAgree(Interpreter.run(reference, inputs), Interpreter.run(graph, inputs), tolerance);
        }
        String out = GraphPrinter.toText(graph);
        assertEquals(out, GraphPrinter.toText(GraphParser.parse(GraphPrinter.withAllData().print(graph))),
                "the result reads back");
        return out;
    }

    /** Uniform floats in [-2, 2) for float inputs, uniform codes over the kind's range for integer inputs. */
    static Map<String, Tensor> randomInputs(Graph graph, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (InputNode in : graph.inputs()) {
            TensorType t = in.type();
            int n = t.numElements();
            if (t.kind() == ElemKind.FLOAT32) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = r.nextFloat() * 4 - 2;
                }
                inputs.put(in.name(), Tensor.ofFloats(t, v));
            } else {
                int[] v = new int[n];
                long span = t.kind().max() - t.kind().min() + 1;
                for (int i = 0; i < n; i++) {
                    v[i] = (int) (t.kind().min() + Math.floorMod(r.nextLong(), span));
                }
                inputs.put(in.name(), Tensor.ofInts(t, v));
            }
        }
        return inputs;
    }

    /** Same outputs; bit-identical when {@code tolerance == 0}, else within it in real (dequantized) units. */
    static void assertAgree(Map<String, Tensor> expected, Map<String, Tensor> actual, double tolerance) {
        assertEquals(expected.keySet(), actual.keySet(), "output names");
        for (String name : expected.keySet()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            if (tolerance == 0) {
                assertEquals(e, a, name + " differs");
                continue;
            }
            float[] ev = Values.real(e);
            float[] av = Values.real(a);
            for (int i = 0; i < ev.length; i++) {
                assertTrue(Math.abs(ev[i] - av[i]) <= tolerance * (1 + 1e-6),
                        name + "[" + i + "]: expected " + ev[i] + ", got " + av[i] + " (tolerance " + tolerance + ")");
            }
        }
    }
}
