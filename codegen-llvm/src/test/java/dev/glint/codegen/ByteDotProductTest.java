package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glint.codegen.Int8Graphs.Conv;
import dev.glint.codegen.Int8KernelsTest.Case;
import dev.glint.codegen.kernels.DotProductIsa;
import dev.glint.codegen.kernels.DotProductPolicy;
import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AVX2's byte multiply-add ({@code vpmaddubsw}, int16 pair sums with saturation) is chosen only for
 * layers whose weights make every pair sum exact, and then gives the interpreter's bits: 7-bit weights
 * ({@code --weight-bits 7}), weights whose same-signed pairs reach exactly the bound (|w0| + |w1| = 128,
 * 255 x 128 = 32640), on random inputs and on inputs at the kind's maximum (the activation byte 255). A
 * layer with pairs past the bound keeps {@code vpmaddwd}. Runs where the host's dot product is AVX2's.
 */
class ByteDotProductTest {
    private static final ElemKind I8 = ElemKind.INT8;
    private static final ElemKind U8 = ElemKind.UINT8;

    static Stream<Arguments> exactLayers() {
        List<Case> c = new ArrayList<>();
        conv(c, "3x3 pad 1, 7-bit weights, 33->40, 13x11", -63, 63, new Conv(1, 33, 13, 11, 40, 1, 3, 3,
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, I8, I8, false));
        conv(c, "1x1, weights 0..64 (pair sums up to the bound), u8, 64->24, 9x9", 0, 64, new Conv(1, 64, 9, 9, 24, 1,
                1, 1, new int[] {1, 1}, new int[4], new int[] {1, 1}, true, U8, I8, false));
        conv(c, "3x3 stride 2, weights -64..0, 17->9, 15x15", -64, 0, new Conv(1, 17, 15, 15, 9, 1, 3, 3,
                new int[] {2, 2}, new int[] {1, 0, 0, 1}, new int[] {1, 1}, false, I8, U8, false));
        conv(c, "grouped 3x3, 7-bit weights, 48->32 in 2 groups, 7x7", -63, 63, new Conv(1, 48, 7, 7, 32, 2, 3, 3,
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, true, I8, I8, false));
        c.add(new Case("fully connected 3 rows, 7-bit weights, 70->33", () -> Int8Graphs.fullyConnected(
                new QuantizedLayers(9).weightCodes(-63, 63), 3, 70, 33, true, I8, false)));
        return c.stream().map(Arguments::of);
    }

    private static void conv(List<Case> c, String name, int lo, int hi, Conv conv) {
        c.add(new Case(name, () -> Int8Graphs.conv(new QuantizedLayers(name.hashCode()).weightCodes(lo, hi), conv)));
    }

    private static boolean hostUsesAvx2() {
        return DotProductIsa.forTarget(JitTester.HOST) == DotProductIsa.AVX2;
    }

    @Test
    void pairBoundIsThe255TimesInt16Limit() {
        assertTrue(DotProductIsa.pairIsExact(64, 64));
        assertFalse(DotProductIsa.pairIsExact(64, 65));
        assertTrue(DotProductIsa.pairIsExact(127, 1));
        assertFalse(DotProductIsa.pairIsExact(127, 2));
        assertTrue(DotProductIsa.pairIsExact(-128, 0));
        assertFalse(DotProductIsa.pairIsExact(-128, -1));
        assertTrue(DotProductIsa.pairIsExact(127, -128), "opposite signs never saturate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactLayers")
    void exactWeightsRunOnTheByteInstruction(Case c) {
        assumeTrue(hostUsesAvx2(), "the host's int8 dot product is not AVX2's");
        Graph graph = c.graph().get();
        CodegenOptions options = CodegenOptions.defaults().withDotProduct(DotProductPolicy.TARGET);
        String kernels = new LoweringPipeline(JitTester.HOST, options).lower(graph, "t").kernelSummary();
        assertTrue(kernels.contains("vpmaddubsw"), kernels);
        try (CompiledNetwork net = new JitCompiler(JitTester.HOST, options).compile(graph)) {
            for (Map<String, Tensor> inputs : List.of(JitTester.randomInputs(graph, c.name().hashCode()), largest(graph))) {
                JitTester.assertClose(Interpreter.run(graph, inputs), net.run(inputs), c.name());
            }
        }
    }

    @Test
    void pairsPastTheBoundKeepTheWordInstruction() {
        assumeTrue(hostUsesAvx2(), "the host's int8 dot product is not AVX2's");
        Graph graph = Int8Graphs.conv(new QuantizedLayers(4).weightCodes(60, 70), new Conv(1, 64, 9, 9, 24, 1, 1, 1,
                new int[] {1, 1}, new int[4], new int[] {1, 1}, true, U8, I8, false));
        String kernels = new LoweringPipeline(JitTester.HOST, CodegenOptions.defaults()).lower(graph, "t").kernelSummary();
        assertTrue(kernels.contains("vpmaddwd") && !kernels.contains("vpmaddubsw"), kernels);
        // the byte instruction would saturate here: the results show which one ran
        try (CompiledNetwork net = new JitCompiler(JitTester.HOST, CodegenOptions.defaults()).compile(graph)) {
            Map<String, Tensor> inputs = largest(graph);
            JitTester.assertClose(Interpreter.run(graph, inputs), net.run(inputs), "weights 60..70 on the largest inputs");
        }
    }

    /** Every input at its kind's largest code: activation bytes of 255 once shifted for the instruction. */
    private static Map<String, Tensor> largest(Graph graph) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (InputNode x : graph.inputs()) {
            int[] codes = new int[x.type().numElements()];
            Arrays.fill(codes, (int) x.type().kind().max());
            in.put(x.name(), Tensor.ofInts(x.type(), codes));
        }
        return in;
    }
}
