package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Attributes;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.ops.OpRegistry;
import dev.glint.ir.testing.GraphTesting;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldBatchNormIntoConvTest {
    private static final Pass PASS = Canonicalizer.of(new FoldBatchNormIntoConv());

    // mul = scale / sqrt(var + eps) = [1/2, 3/3]; add = bias - mean * mul = [0.5 - 1, 0 + 1]
    private static final String BN_PARAMS = """
              %scale = Constant f32[2] [1.0, 3.0]
              %bias = Constant f32[2] [0.5, 0.0]
              %mean = Constant f32[2] [2.0, -1.0]
              %var = Constant f32[2] [3.0, 8.0]
            """;

    @Test
    void foldsIntoWeightsAndBias() {
        String in = """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %b = Constant f32[2] [1.0, -2.0]
                  %conv = Conv(%x, %w, %b) {group=1, pads=[0,0,0,0]} : f32[1,2,3,3] loc("conv1")
                """ + BN_PARAMS + """
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3] loc("bn1")
                  return %bn
                }
                """;
        assertEquals("""
                graph g(%x: f32[1,2,3,3]) {
                  %w_bn = Constant f32[2,2,1,1] [0.5, 1.0, 3.0, 4.0]
                  %b_bn = Constant f32[2] [0.0, -1.0]
                  %bn = Conv(%x, %w_bn, %b_bn) {group=1, pads=[0,0,0,0]} : f32[1,2,3,3] loc("conv1+bn1")
                  return %bn
                }
                """, PassHarness.apply(PASS, in));
    }

    @Test
    void createsABiasWhenTheConvHasNone() {
        String in = """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                """ + BN_PARAMS + """
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3]
                  %r = Relu(%bn) : f32[1,2,3,3]
                  return %r
                }
                """;
        assertEquals("""
                graph g(%x: f32[1,2,3,3]) {
                  %w_bn = Constant f32[2,2,1,1] [0.5, 1.0, 3.0, 4.0]
                  %bn_bias = Constant f32[2] [-0.5, 1.0]
                  %bn = Conv(%x, %w_bn, %bn_bias) : f32[1,2,3,3]
                  %r = Relu(%bn) : f32[1,2,3,3]
                  return %r
                }
                """, PassHarness.apply(PASS, in));
    }

    @Test
    void doesNotFireWhenTheConvHasAnotherUser() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                """ + BN_PARAMS + """
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3]
                  %sum = Add(%bn, %conv) : f32[1,2,3,3]
                  return %sum
                }
                """);
    }

    @Test
    void doesNotFireWhenTheConvIsAGraphOutput() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                """ + BN_PARAMS + """
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3]
                  return %bn, %conv
                }
                """);
    }

    @Test
    void doesNotFireWhenAParameterIsNotConstant() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3], %mean: f32[2]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                  %scale = Constant f32[2] [1.0, 3.0]
                  %bias = Constant f32[2] [0.5, 0.0]
                  %var = Constant f32[2] [3.0, 8.0]
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3]
                  return %bn
                }
                """);
    }

    @Test
    void doesNotFireWhenTheWeightsAreNotConstant() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3], %w: f32[2,2,1,1]) {
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                """ + BN_PARAMS + """
                  %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,3,3]
                  return %bn
                }
                """);
    }

    @Test
    void keepsResultsOnRandomGroupedConvolutions() {
        Random r = new Random(3);
        Graph g = new Graph("random");
        Node x = g.addInput("x", TensorType.f32(2, 4, 7, 7));
        Node w = g.addConstant("w", GraphTesting.random(TensorType.f32(6, 2, 3, 3), r));
        Node b = g.addConstant("b", GraphTesting.random(TensorType.f32(6), r));
        Node conv = g.add(OpRegistry.create("Conv", "conv", List.of(x, w, b), Attributes.builder().put("group", 2)
                .put("pads", new long[] {1, 0, 1, 2}).put("strides", new long[] {2, 1}).build()));
        float[] var = new float[6];
        for (int i = 0; i < var.length; i++) {
            var[i] = 0.1f + r.nextFloat();
        }
        Node bn = g.add(OpRegistry.create("BatchNormalization", "bn", List.of(conv,
                g.addConstant("scale", GraphTesting.random(TensorType.f32(6), r)),
                g.addConstant("bias", GraphTesting.random(TensorType.f32(6), r)),
                g.addConstant("mean", GraphTesting.random(TensorType.f32(6), r)),
                g.addConstant("var", Tensor.ofFloats(var, 6))), Attributes.EMPTY));
        g.addOutput("y", bn);
        PassHarness.apply(PASS, g, PassHarness.TOLERANCE);
        assertEquals("Conv", g.outputs().get(0).node().op());
        assertEquals(List.of("w_bn", "b_bn", "bn"), g.nodes().stream().map(Node::name).toList());
    }
}
