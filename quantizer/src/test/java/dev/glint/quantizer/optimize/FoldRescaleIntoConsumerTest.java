package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FoldRescaleIntoConsumerTest {
    private static final QuantRewrite REWRITE = new FoldRescaleIntoConsumer();

    @Test
    void anAddReadsTheUnrescaledOperand() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.1,offset=0}, %y: i8[4]{scale=0.1,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=0.25,offset=0}
                  return %s
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}, %y: i8[4]{scale=0.1,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %s = Add(%r, %y) : i8[4]{scale=0.25,offset=0}
                  return %s
                }
                """, 0.25));
    }

    @Test
    void aConvWithSmallWeightsReadsTheUnrescaledInputAndReexpressesItsBias() {
        // Weights sum to at most 0.1 per channel, so the removed rounding moves the result by 0.01 at most.
        assertEquals("""
                graph g(%x: i8[1,1,2,2]{scale=0.1,offset=0}) {
                  %w = Constant i8[2,1,1,1]{axis=0,scale=[0.01,0.01],offset=[0,0]} [10, -5]
                  %b__rescaled = Constant i32[2]{axis=0,scale=[0.001,0.001],offset=[0,0]} [200, -66]
                  %c = Conv(%x, %w, %b__rescaled) : i8[1,2,2,2]{scale=0.05,offset=0}
                  return %c
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[1,1,2,2]{scale=0.1,offset=0}) {
                  %w = Constant i8[2,1,1,1]{axis=0,scale=[0.01,0.01],offset=[0,0]} [10, -5]
                  %b = Constant i32[2]{axis=0,scale=[0.002,0.002],offset=[0,0]} [100, -33]
                  %r = Rescale(%x) : i8[1,1,2,2]{scale=0.2,offset=0}
                  %c = Conv(%r, %w, %b) : i8[1,2,2,2]{scale=0.05,offset=0}
                  return %c
                }
                """, 0.2));
    }

    @Test
    void aMaxPoolKeepingTheRescalesParametersIsExact() {
        assertEquals("""
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=0}) {
                  %m = MaxPool(%x) {kernel_shape=[2,2], strides=[2,2]} : i8[1,1,2,2]{scale=1.0,offset=0}
                  return %m
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=0}) {
                  %r = Rescale(%x) : i8[1,1,4,4]{scale=1.0,offset=0}
                  %m = MaxPool(%r) {kernel_shape=[2,2], strides=[2,2]} : i8[1,1,2,2]{scale=1.0,offset=0}
                  return %m
                }
                """));
    }

    @Test
    void aDequantizeReadsTheUnrescaledValue() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %d = Dequantize(%x) : f32[4]
                  return %d
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %d = Dequantize(%r) : f32[4]
                  return %d
                }
                """, 0.2));
    }

    @Test
    void doesNotFireForAConvWhoseWeightsWouldMagnifyTheChange() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[1,1,2,2]{scale=0.1,offset=0}) {
                  %w = Constant i8[2,1,1,1]{axis=0,scale=[0.05,0.05],offset=[0,0]} [100, -100]
                  %r = Rescale(%x) : i8[1,1,2,2]{scale=0.2,offset=0}
                  %c = Conv(%r, %w) : i8[1,2,2,2]{scale=0.05,offset=0}
                  return %c
                }
                """);
    }

    @Test
    void aMulByASmallConstantReadsTheUnrescaledOperand() {
        // The constant's magnitude is at most 0.127: the removed rounding moves the product very little.
        assertEquals("""
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %c = Constant i8[4]{scale=0.001,offset=0} [127, -50, 3, 100]
                  %m = Mul(%x, %c) : i8[4]{scale=0.01,offset=0}
                  return %m
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %c = Constant i8[4]{scale=0.001,offset=0} [127, -50, 3, 100]
                  %m = Mul(%r, %c) : i8[4]{scale=0.01,offset=0}
                  return %m
                }
                """, 0.2));
    }

    @Test
    void doesNotFireWhereTheErrorCouldGrowWithoutBound() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}, %y: i8[4]{scale=0.5,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %e = Exp(%r) : i8[4]{scale=0.5,offset=-128}
                  %m = Mul(%r, %y) : i8[4]{scale=0.05,offset=0}
                  return %e, %m
                }
                """);
    }

    @Test
    void leavesTheRescalesOfConcatMaxAndMin() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}, %y: i8[4]{scale=0.2,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %c = Concat(%r, %y) {axis=0} : i8[8]{scale=0.2,offset=0}
                  %m = Max(%r, %y) : i8[4]{scale=0.2,offset=0}
                  return %c, %m
                }
                """);
    }
}
