package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FuseMatMulAddTest {
    private static final Pass PASS = Canonicalizer.of(new FuseMatMulAdd());

    @Test
    void fusesIntoFullyConnectedWithTransposedWeights() {
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %b = Constant f32[2] [0.5, -0.5]
                  %w_T = Constant f32[2,3] [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]
                  %y = FullyConnected(%x, %w_T, %b) : f32[2,2] loc("mm+add")
                  return %y
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3]) {
                  %w = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %mm = MatMul(%x, %w) : f32[2,2] loc("mm")
                  %b = Constant f32[2] [0.5, -0.5]
                  %y = Add(%mm, %b) : f32[2,2] loc("add")
                  return %y
                }
                """));
    }

    @Test
    void acceptsTheBiasFirstAndAsARow() {
        assertEquals("""
                graph g(%x: f32[2,3]) {
                  %w_T = Constant f32[2,3] [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]
                  %b_vec = Constant f32[2] [0.5, -0.5]
                  %y = FullyConnected(%x, %w_T, %b_vec) : f32[2,2]
                  return %y
                }
                """, PassHarness.apply(PASS, """
                graph g(%x: f32[2,3]) {
                  %b = Constant f32[1,2] [0.5, -0.5]
                  %w = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %mm = MatMul(%x, %w) : f32[2,2]
                  %y = Add(%b, %mm) : f32[2,2]
                  return %y
                }
                """));
    }

    @Test
    void doesNotFireWhenTheMatMulHasAnotherUser() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[2,3]) {
                  %w = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %mm = MatMul(%x, %w) : f32[2,2]
                  %b = Constant f32[2] [0.5, -0.5]
                  %y = Add(%mm, %b) : f32[2,2]
                  %r = Relu(%mm) : f32[2,2]
                  return %y, %r
                }
                """);
    }

    @Test
    void doesNotFireWhenTheWeightsAreNotConstant() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[2,3], %w: f32[3,2]) {
                  %mm = MatMul(%x, %w) : f32[2,2]
                  %b = Constant f32[2] [0.5, -0.5]
                  %y = Add(%mm, %b) : f32[2,2]
                  return %y
                }
                """);
    }

    @Test
    void doesNotFireWhenTheInputIsNotTwoDimensional() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[4,2,3]) {
                  %w = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %mm = MatMul(%x, %w) : f32[4,2,2]
                  %b = Constant f32[2] [0.5, -0.5]
                  %y = Add(%mm, %b) : f32[4,2,2]
                  return %y
                }
                """);
    }

    @Test
    void doesNotFireWhenTheBiasIsNotAConstantRow() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[2,3], %c: f32[2]) {
                  %w = Constant f32[3,2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  %mm = MatMul(%x, %w) : f32[2,2]
                  %b = Constant f32[2,2] [0.5, -0.5, 1.0, 2.0]
                  %y = Add(%mm, %b) : f32[2,2]
                  %mm2 = MatMul(%x, %w) : f32[2,2]
                  %z = Add(%mm2, %c) : f32[2,2]
                  return %y, %z
                }
                """);
    }
}
