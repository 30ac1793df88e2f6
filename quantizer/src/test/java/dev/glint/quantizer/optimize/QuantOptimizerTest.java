package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.Verifier;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import dev.glint.quantizer.QuantConfig;
import dev.glint.quantizer.Quantizer;
import dev.glint.quantizer.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuantOptimizerTest {
    private final FloatNets net = FloatNets.residualCnn(3);
    private final List<Map<String, Tensor>> samples = net.samples(20);
    private final Profile profile = FloatNets.profile(net.graph(), samples);

    private Graph quantize(QuantConfig config) {
        return Quantizer.quantize(net.graph(), profile, config).graph();
    }

    private static Graph copy(Graph g) {
        return GraphParser.parse(GraphPrinter.withAllData().print(g));
    }

    @Test
    void theNodeByNodeConversionEndsWithOneConversionPerInputAndOutput() {
        Graph naive = quantize(QuantConfig.defaults().withNaiveConversion(true));
        OpCounts before = OpCounts.of(naive);
        new QuantOptimizer().verifyEach(true).run(naive);
        OpCounts after = OpCounts.of(naive);
        assertTrue(before.count("Quantize") > 10 && before.count("Dequantize") > 10, before.toString());
        assertEquals(1, after.count("Quantize"), after.toString());
        assertEquals(2, after.count("Dequantize"), after.toString());
        assertEquals(0, after.floatComputeNodes(), after.toString());
        assertEquals(List.of(), absorbableRescales(naive));
        assertEquals(0, after.count("Relu"), "the Relus fold into their producers: " + after);
        assertEquals(1, after.count("Clip"), "the Clip's producer has other readers: " + after);
    }

    @Test
    void theOptimizedNodeByNodeConversionNeedsNoMoreConversionsThanTheIslandConversion() {
        Graph naive = quantize(QuantConfig.defaults().withNaiveConversion(true));
        Graph islands = quantize(QuantConfig.defaults());
        OpCounts smart = OpCounts.of(islands);
        QuantOptimizer.optimize(naive);
        OpCounts optimized = OpCounts.of(naive);
        assertTrue(optimized.count("Quantize") <= smart.count("Quantize"), optimized + " vs " + smart);
        assertTrue(optimized.count("Dequantize") <= smart.count("Dequantize"), optimized + " vs " + smart);
        QuantOptimizer.optimize(islands);
        assertEquals(OpCounts.of(islands), optimized, "both conversions optimize to the same counts");
    }

    @Test
    void theOptimizedGraphIsAtLeastAsCloseToFloatAsTheUnoptimizedOne() {
        for (QuantConfig config : List.of(QuantConfig.defaults(), QuantConfig.defaults().withNaiveConversion(true))) {
            Graph before = quantize(config);
            Graph after = copy(before);
            QuantOptimizer.optimize(after);
            for (String out : List.of("logits", "side")) {
                double rmsBefore = rmsError(before, out);
                double rmsAfter = rmsError(after, out);
                // Folding removes roundings, so the error should not grow (5% allows for chance).
                assertTrue(rmsAfter <= rmsBefore * 1.05, out + ": RMS error " + rmsAfter + " after, " + rmsBefore + " before");
            }
        }
    }

    @Test
    void theExactRewritesAloneRemoveTheDetoursWithoutChangingABit() {
        Graph before = quantize(QuantConfig.defaults().withNaiveConversion(true));
        Graph after = copy(before);
        new QuantOptimizer().exactOnly(true).verifyEach(true).run(after);
        OpCounts c = OpCounts.of(after);
        assertEquals(1, c.count("Quantize"), c.toString());
        assertEquals(2, c.count("Dequantize"), c.toString());
        assertEquals(3, c.count("Relu"), "folding activations changes a scale: " + c);
        for (Map<String, Tensor> s : samples) {
            RewriteHarness.assertAgree(Interpreter.run(before, s), Interpreter.run(after, s), 0);
        }
    }

    @Test
    void aSecondRunChangesNothing() {
        Graph g = quantize(QuantConfig.defaults().withNaiveConversion(true));
        QuantOptimizer.Result first = QuantOptimizer.optimize(g);
        String text = GraphPrinter.toText(g);
        QuantOptimizer.Result second = QuantOptimizer.optimize(g);
        assertTrue(first.rounds() >= 2 && !first.rewrites().isEmpty(), first.toString());
        assertEquals(1, second.rounds());
        assertEquals(Map.of(), second.rewrites());
        assertEquals(text, GraphPrinter.toText(g));
    }

    @Test
    void stopAfterCountsPassesOverAllRounds() {
        Graph g = quantize(QuantConfig.defaults().withNaiveConversion(true));
        String text = GraphPrinter.toText(g);
        assertEquals(0, new QuantOptimizer().stopAfter(0).run(g).passRuns());
        assertEquals(text, GraphPrinter.toText(g));
        int perRound = QuantOptimizer.passNames().size();
        QuantOptimizer.Result r = new QuantOptimizer().stopAfter(perRound + 2).run(g);
        assertEquals(perRound + 2, r.passRuns());
        assertEquals(2, r.rounds());
        assertThrows(GlintException.class, () -> new QuantOptimizer().stopAfter(-1));
    }

    @Test
    void dumpsTheGraphAfterTheNamedPass() {
        Graph g = quantize(QuantConfig.defaults().withNaiveConversion(true));
        List<String> dumps = new ArrayList<>();
        QuantOptimizer.Result r = new QuantOptimizer().dumpAfter("quant-fold-activations", dumps::add).run(g);
        assertEquals(r.rounds(), dumps.size());
        assertTrue(dumps.get(0).startsWith("// quant-optimize round 1\n// after pass 4 'quant-fold-activations'\ngraph "),
                dumps.get(0));
        GlintException e = assertThrows(GlintException.class,
                () -> new QuantOptimizer().dumpAfter("no-such-pass", s -> { }).run(g));
        assertTrue(e.getMessage().contains("quant-fold-rescales"), e.getMessage());
    }

    @Test
    void keepsFloatNodesInFloatAndSinksConversionsAroundThem() {
        // Keeping the residual Add in float leaves one float island; data movement next to it is integer.
        Graph g = quantize(QuantConfig.defaults().withNaiveConversion(true).withKeepFloat(Set.of("s")));
        QuantOptimizer.optimize(g);
        Verifier.verify(g);
        OpCounts c = OpCounts.of(g);
        assertEquals(1, c.floatComputeNodes(), c.toString());
        assertEquals(2, c.count("Quantize"), "the input and the Add's result: " + c);
        assertEquals(4, c.count("Dequantize"), "the Add's two operands and the two outputs: " + c);
    }

    @Test
    void everyRewriteHasAUniqueNameAndEveryPassANameThatDumpsAccept() {
        List<String> names = QuantOptimizer.rewrites().stream().map(QuantRewrite::name).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), names.toString());
        assertEquals(14, names.size(), names.toString());
        assertEquals(List.of("quant-fold-constants", "quant-cancel-conversions", "quant-sink-conversions",
                "quant-fold-activations", "quant-normalize-scales", "quant-fold-rescales", "canonicalize", "dce"),
                QuantOptimizer.passNames());
    }

    /** Rescales that {@link FoldRescaleIntoProducer} would still fold. */
    static List<String> absorbableRescales(Graph g) {
        FoldRescaleIntoProducer fold = new FoldRescaleIntoProducer();
        List<String> found = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (fold.matches(n, g)) {
                found.add(n.name());
            }
        }
        return found;
    }

    /** The RMS difference between {@code q}'s output {@code out} and the float graph's, over the calibration samples. */
    private double rmsError(Graph q, String out) {
        double sum = 0;
        int n = 0;
        for (Map<String, Tensor> s : samples) {
            float[] f = Interpreter.run(net.graph(), s).get(out).floats();
            float[] v = Values.real(Interpreter.run(q, s).get(out));
            for (int i = 0; i < f.length; i++) {
                sum += (f[i] - v[i]) * (double) (f[i] - v[i]);
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }
}
