package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GemmToFullyConnectedTest {
    private static final Pass PASS = Canonicalizer.of(new GemmToFullyConnected());

    @Test
    void usesBAsWeightsWhenItIsAlreadyTransposed() {
        assertEquals("""
                graph g(%a: f32[2,3]) {
                  %b = Constant f32[2,3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %c = Constant f32[2] [0.5, -0.5]
                  %y = FullyConnected(%a, %b, %c) : f32[2,2] loc("gemm")
                  return %y
                }
                """, PassHarness.apply(PASS, """
                graph g(%a: f32[2,3]) {
                  %b = Constant f32[2,3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %c = Constant f32[2] [0.5, -0.5]
                  %y = Gemm(%a, %b, %c) {alpha=1.0, beta=1.0, transB=1} : f32[2,2] loc("gemm")
                  return %y
                }
                """));
    }

    @Test
    void transposesBAndFlattensARowBias() {
        assertEquals("""
                graph g(%a: f32[2,3]) {
                  %b_T = Constant f32[2,3] [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]
                  %c_vec = Constant f32[2] [0.5, -0.5]
                  %y = FullyConnected(%a, %b_T, %c_vec) : f32[2,2]
                  return %y
                }
                """, PassHarness.apply(PASS, """
                graph g(%a: f32[2,3]) {
                  %b = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %c = Constant f32[1,2] [0.5, -0.5]
                  %y = Gemm(%a, %b, %c) : f32[2,2]
                  return %y
                }
                """));
    }

    @Test
    void acceptsAnyBetaWithoutC() {
        assertEquals("""
                graph g(%a: f32[2,3]) {
                  %b = Constant f32[2,3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %y = FullyConnected(%a, %b) : f32[2,2]
                  return %y
                }
                """, PassHarness.apply(PASS, """
                graph g(%a: f32[2,3]) {
                  %b = Constant f32[2,3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %y = Gemm(%a, %b) {beta=0.5, transB=1} : f32[2,2]
                  return %y
                }
                """));
    }

    @Test
    void doesNotFireOnScaledTransposedOrVariableOperands() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%a: f32[2,3], %at: f32[3,2], %v: f32[3,2]) {
                  %b = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %c = Constant f32[2] [0.5, -0.5]
                  %full = Constant f32[2,2] [0.5, -0.5, 1.0, 2.0]
                  %alpha = Gemm(%a, %b, %c) {alpha=0.5} : f32[2,2]
                  %beta = Gemm(%a, %b, %c) {beta=2.0} : f32[2,2]
                  %transA = Gemm(%at, %b, %c) {transA=1} : f32[2,2]
                  %variable = Gemm(%a, %v, %c) : f32[2,2]
                  %matrixC = Gemm(%a, %b, %full) : f32[2,2]
                  return %alpha, %beta, %transA, %variable, %matrixC
                }
                """);
    }
}
