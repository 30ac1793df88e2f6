package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.text.GraphParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Float Relu and Clip done in the epilogue of the convolution or fully connected layer before them: the
 * results equal the interpreter's, and exactly the activations that may be fused are (not those whose
 * producer has another reader, nor graph outputs).
 */
class ActivationFusionTest {
    private static final String NETWORK = """
            graph net(%x: f32[1,3,9,7], %v: f32[2,24]) {
              %w = Constant f32[16,3,3,3] [%W1]
              %b = Constant f32[16] [%B]
              %c = Conv(%x, %w, %b) {pads=[1,1,1,1]}
              %r = Relu(%c)
              %w2 = Constant f32[12,16,1,1] [%W2]
              %c2 = Conv(%r, %w2) {strides=[2,2]}
              %k = Clip(%c2) {min=-0.5, max=0.75}
              %p = MaxPool(%k) {kernel_shape=[2,2], strides=[1,1]}
              %w3 = Constant f32[8,12,1,1] [%W3]
              %c3 = Conv(%p, %w3)
              %r3 = Relu(%c3)
              %both = Add(%c3, %r3)
              %fw = Constant f32[10,24] [%W4]
              %fc = FullyConnected(%v, %fw)
              %fr = Relu(%fc)
              %frs = Add(%fr, %fr)
              %fw2 = Constant f32[9,24] [%W5]
              %out = FullyConnected(%v, %fw2)
              %outr = Relu(%out)
              return %p, %both, %frs, %outr, %out
            }
            """.replace("%W1", FloatKernelsTest.numbers(432)).replace("%B", FloatKernelsTest.numbers(16))
            .replace("%W2", FloatKernelsTest.numbers(192)).replace("%W3", FloatKernelsTest.numbers(96))
            .replace("%W4", FloatKernelsTest.numbers(240)).replace("%W5", FloatKernelsTest.numbers(216));

    @Test
    void fusesOnlyWhatNothingElseReadsAndMatchesTheInterpreter() {
        for (TargetSpec target : JitTester.cpuSettings()) {
            Graph g = GraphParser.parse(NETWORK);
            List<String> steps = new ArrayList<>();
            CodegenOptions options = CodegenOptions.defaults().withListener((step, dump) -> {
                if (step.equals("fuse activations") || step.equals("select kernels")) {
                    steps.add(dump.get());
                }
            });
            Map<String, Tensor> inputs = JitTester.randomInputs(g, 11);
            Map<String, Tensor> expected = Interpreter.run(g, inputs);
            try (CompiledNetwork net = new JitCompiler(target, options).compile(g)) {
                JitTester.assertClose(expected, net.run(inputs), "fused activations on " + target.cpu());
            }
            // %r, %k and %fr are fused; %r3 (its conv also feeds %both) and %outr (%out is an output) are not
            assertEquals("3 activation(s) fused into their producer", steps.get(1), target.cpu());
        }
    }

    /** {@code n} weights small enough that four layers stay near 1 (float rounding stays near the tolerance's scale). */
    private static String small(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(((i * 37) % 23 - 11) / 128.0);
        }
        return sb.toString();
    }

    @Test
    void aFusedChainKeepsEveryBufferAliveLongEnough() {
        // %r's buffer is %c's: it must survive until %sum, past the other convolutions' buffers
        Graph g = GraphParser.parse("""
                graph chain(%x: f32[1,8,6,6]) {
                  %w = Constant f32[8,8,3,3] [%W]
                  %c = Conv(%x, %w) {pads=[1,1,1,1]}
                  %r = Relu(%c)
                  %c1 = Conv(%r, %w) {pads=[1,1,1,1]}
                  %c2 = Conv(%c1, %w) {pads=[1,1,1,1]}
                  %c3 = Conv(%c2, %w) {pads=[1,1,1,1]}
                  %sum = Add(%c3, %r)
                  return %sum
                }
                """.replace("%W", small(576)));
        Map<String, Tensor> actual = JitTester.assertMatchesInterpreter(g, JitTester.HOST, 5);
        assertTrue(actual.containsKey("sum"));
    }
}
