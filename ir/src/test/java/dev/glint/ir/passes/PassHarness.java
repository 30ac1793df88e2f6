package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.testing.GraphTesting;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import java.util.Map;

/**
 * Text in, text out: parses a graph, runs a pass with verification before and after, checks that the
 * result computes the same outputs as the input on random inputs, and returns the printed result.
 */
final class PassHarness {
    /** Relative tolerance for passes that reassociate float arithmetic (folding BatchNorm, fusing bias). */
    static final double TOLERANCE = 1e-5;

    private PassHarness() {}

    static String apply(Pass pass, String input) {
        return apply(pass, GraphParser.parse(input), TOLERANCE);
    }

    /** Runs {@code pass} on {@code graph} (modified in place) and returns the printed result. */
    static String apply(Pass pass, Graph graph, double tolerance) {
        Graph reference = GraphParser.parse(GraphPrinter.withAllData().print(graph));
        new PassManager().add(pass).verifyEach(true).run(graph);
        for (long seed = 1; seed <= 3; seed++) {
            Map<String, Tensor> inputs = GraphTesting.randomInputs(reference, seed);
            GraphTesting.assertClose(Interpreter.run(reference, inputs), Interpreter.run(graph, inputs), tolerance);
        }
        String out = GraphPrinter.toText(graph);
        assertEquals(out, GraphPrinter.toText(GraphParser.parse(GraphPrinter.withAllData().print(graph))),
                "the result reads back");
        return out;
    }

    /** Asserts that {@code pass} leaves {@code input} (written in printed form) exactly as it is. */
    static void assertUnchanged(Pass pass, String input) {
        assertEquals(input, apply(pass, input));
    }
}
