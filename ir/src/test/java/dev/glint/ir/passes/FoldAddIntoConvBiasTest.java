package dev.glint.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FoldAddIntoConvBiasTest {
    private static final Pass PASS = Canonicalizer.of(new FoldAddIntoConvBias());

    @Test
    void addsAPerChannelConstantToTheBias() {
        String in = """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %b = Constant f32[2] [1.0, -2.0]
                  %conv = Conv(%x, %w, %b) {group=1} : f32[1,2,3,3] loc("conv1")
                  %c = Constant f32[2,1,1] [0.5, 0.25]
                  %y = Add(%c, %conv) : f32[1,2,3,3] loc("plus1")
                  return %y
                }
                """;
        assertEquals("""
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %b_add = Constant f32[2] [1.5, -1.75]
                  %y = Conv(%x, %w, %b_add) {group=1} : f32[1,2,3,3] loc("conv1+plus1")
                  return %y
                }
                """, PassHarness.apply(PASS, in));
    }

    @Test
    void createsABiasFromAScalarWhenTheConvHasNone() {
        String in = """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                  %c = Constant f32[1,1,1,1] [0.5]
                  %y = Add(%conv, %c) : f32[1,2,3,3]
                  %r = Relu(%y) : f32[1,2,3,3]
                  return %r
                }
                """;
        assertEquals("""
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %y_bias = Constant f32[2] [0.5, 0.5]
                  %y = Conv(%x, %w, %y_bias) : f32[1,2,3,3]
                  %r = Relu(%y) : f32[1,2,3,3]
                  return %r
                }
                """, PassHarness.apply(PASS, in));
    }

    @Test
    void leavesConstantsThatVaryAlongPositions() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                  %c = Constant f32[3] [0.5, 1.0, 2.0]
                  %y = Add(%conv, %c) : f32[1,2,3,3]
                  return %y
                }
                """);
    }

    @Test
    void leavesAnAddThatBroadcastsTheConvToALargerShape() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                  %c = Constant f32[2,2,1,1] [0.5, 1.0, 2.0, 3.0]
                  %y = Add(%conv, %c) : f32[2,2,3,3]
                  return %y
                }
                """);
    }

    @Test
    void leavesAConvWithAnotherUser() {
        PassHarness.assertUnchanged(PASS, """
                graph g(%x: f32[1,2,3,3]) {
                  %w = Constant f32[2,2,1,1] [1.0, 2.0, 3.0, 4.0]
                  %conv = Conv(%x, %w) : f32[1,2,3,3]
                  %c = Constant f32[2,1,1] [0.5, 1.0]
                  %y = Add(%conv, %c) : f32[1,2,3,3]
                  %z = Add(%y, %conv) : f32[1,2,3,3]
                  return %z
                }
                """);
    }
}
