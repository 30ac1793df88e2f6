package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Graph;
import dev.glint.ir.testing.GraphTesting;
import dev.glint.ir.text.GraphParser;
import dev.glint.ir.text.GraphPrinter;
import org.junit.jupiter.api.Test;

/** The standard pipeline on a small classifier: every pass contributes, and the results stay the same. */
class CanonicalizationPipelineTest {
    private static final String CLASSIFIER = """
            graph net(%image: f32[1,1,4,4]) {
              %w = Constant f32[2,1,3,3] [1.0, 0.0, -1.0, 2.0, 0.0, -2.0, 1.0, 0.0, -1.0, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, -0.5, -0.5, -0.5]
              %conv = Conv(%image, %w) {pads=[1,1,1,1]} : f32[1,2,4,4] loc("conv")
              %scale = Constant f32[2] [1.0, 3.0]
              %bias = Constant f32[2] [0.5, 0.0]
              %mean = Constant f32[2] [2.0, -1.0]
              %var = Constant f32[2] [3.0, 8.0]
              %bn = BatchNormalization(%conv, %scale, %bias, %mean, %var) {epsilon=1.0} : f32[1,2,4,4] loc("bn")
              %relu = Relu(%bn) : f32[1,2,4,4]
              %clip = Clip(%relu) : f32[1,2,4,4]
              %pool = MaxPool(%clip) {kernel_shape=[2,2], strides=[2,2]} : f32[1,2,2,2]
              %flat = Reshape(%pool) {shape=[1,8]} : f32[1,8]
              %flat2 = Reshape(%flat) {shape=[1,8]} : f32[1,8]
              %fw = Constant f32[8,3] [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, -1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, -1.0, 0.5, 0.5, 0.5]
              %s = Constant f32[3] [1.0, 2.0, 3.0]
              %two = Constant f32[3] [2.0, 2.0, 2.0]
              %fb = Mul(%s, %two) : f32[3]
              %mm = MatMul(%flat2, %fw) : f32[1,3]
              %logits = Add(%mm, %fb) : f32[1,3] loc("fc")
              %unused = Exp(%logits) : f32[1,3]
              %prob = Softmax(%logits) {axis=1} : f32[1,3]
              return %prob
            }
            """;

    @Test
    void foldsFusesSimplifiesAndCleansUp() {
        Graph g = GraphParser.parse(CLASSIFIER);
        Graph reference = GraphParser.parse(CLASSIFIER);
        Canonicalization.standardPipeline().verifyEach(true).run(g);
        assertEquals("""
                graph net(%image: f32[1,1,4,4]) {
                  %w_bn = Constant f32[2,1,3,3] [0.5, 0.0, -0.5, 1.0, 0.0, -1.0, 0.5, 0.0, -0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, -0.5, -0.5, -0.5]
                  %bn_bias = Constant f32[2] [-0.5, 1.0]
                  %bn = Conv(%image, %w_bn, %bn_bias) {pads=[1,1,1,1]} : f32[1,2,4,4] loc("conv+bn")
                  %relu = Relu(%bn) : f32[1,2,4,4]
                  %pool = MaxPool(%relu) {kernel_shape=[2,2], strides=[2,2]} : f32[1,2,2,2]
                  %flat = Reshape(%pool) {shape=[1,8]} : f32[1,8]
                  %fb = Constant f32[3] [2.0, 4.0, 6.0]
                  %fw_T = Constant f32[3,8] [1.0, 0.0, 0.0, 1.0, -1.0, 0.0, 0.0, 0.5, 0.0, 1.0, 0.0, 1.0, 0.0, -1.0, 0.0, 0.5, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, -1.0, 0.5]
                  %logits = FullyConnected(%flat, %fw_T, %fb) : f32[1,3] loc("fc")
                  %prob = Softmax(%logits) {axis=1} : f32[1,3]
                  return %prob
                }
                """, GraphPrinter.toText(g));
        GraphTesting.assertSameResults(reference, g, PassHarness.TOLERANCE);
    }

    @Test
    void stopAfterOneLeavesTheDeadNodes() {
        Graph g = GraphParser.parse(CLASSIFIER);
        Canonicalization.standardPipeline().verifyEach(true).stopAfter(1).run(g);
        assertEquals("Exp", g.find("unused").op());
    }
}
