package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FoldRescaleIntoProducerTest {
    private static final QuantRewrite REWRITE = new FoldRescaleIntoProducer();

    /** Conv real output: channel 0 in [-5.9, 6.85], channel 1 in [-5.18, 5.02]. */
    private static final String CONV_INPUTS = """
              %w = Constant i8[2,1,1,1]{axis=0,scale=[0.05,0.02],offset=[0,0]} [10, -20]
              %b = Constant i32[2]{axis=0,scale=[0.005,0.002],offset=[0,0]} [100, -50]
            """;

    @Test
    void aConvProducesTheRescalesTypeDirectly() {
        assertEquals("""
                graph g(%x: i8[1,1,3,3]{scale=0.1,offset=0}) {
                """ + CONV_INPUTS + """
                  %r = Conv(%x, %w, %b) : i8[1,2,3,3]{scale=0.04,offset=10} loc("conv")
                  return %r
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[1,1,3,3]{scale=0.1,offset=0}) {
                """ + CONV_INPUTS + """
                  %c = Conv(%x, %w, %b) : i8[1,2,3,3]{scale=0.05,offset=0} loc("conv")
                  %r = Rescale(%c) : i8[1,2,3,3]{scale=0.04,offset=10}
                  return %r
                }
                """, 0.05));
    }

    @Test
    void aPlainMaxPoolTakesTheRescaleExactly() {
        assertEquals("""
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=-3}) {
                  %r = MaxPool(%x) {kernel_shape=[2,2], strides=[2,2]} : i8[1,1,2,2]{scale=0.25,offset=7}
                  return %r
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[1,1,4,4]{scale=0.5,offset=-3}) {
                  %m = MaxPool(%x) {kernel_shape=[2,2], strides=[2,2]} : i8[1,1,2,2]{scale=0.5,offset=-3}
                  %r = Rescale(%m) : i8[1,1,2,2]{scale=0.25,offset=7}
                  return %r
                }
                """));
    }

    @Test
    void conversionsFoldIntoOneConversion() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.5,offset=0}, %f: f32[4]) {
                  %r2 = Rescale(%x) : i8[4]{scale=0.2,offset=0}
                  %r = Quantize(%f) : i8[4]{scale=0.015,offset=5}
                  return %r2, %r
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.5,offset=0}, %f: f32[4]) {
                  %r1 = Rescale(%x) : i8[4]{scale=0.3,offset=0}
                  %r2 = Rescale(%r1) : i8[4]{scale=0.2,offset=0}
                  %q = Quantize(%f) : i8[4]{scale=0.02,offset=0}
                  %r = Rescale(%q) : i8[4]{scale=0.015,offset=5}
                  return %r2, %r
                }
                """, 0.3));
    }

    @Test
    void doesNotFireWhenTheProducerHasAnotherReader() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.5,offset=0}, %y: i8[4]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=1.0,offset=0}
                  %r = Rescale(%s) : i8[4]{scale=0.75,offset=0}
                  %t = Sigmoid(%s) : i8[4]{scale=0.00390625,offset=-128}
                  return %r, %t
                }
                """);
    }

    @Test
    void doesNotFireOnInputsOrOperationsThatDoNotRequantize() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.5,offset=0}, %y: i8[4]{scale=0.5,offset=0}) {
                  %r = Rescale(%x) : i8[4]{scale=0.75,offset=0}
                  %c = Concat(%x, %y) {axis=0} : i8[8]{scale=0.5,offset=0}
                  %rc = Rescale(%c) : i8[8]{scale=0.75,offset=0}
                  %t = Reshape(%y) {shape=[2,2]} : i8[2,2]{scale=0.5,offset=0}
                  %rt = Rescale(%t) : i8[2,2]{scale=0.75,offset=0}
                  return %r, %rc, %rt
                }
                """);
    }

    @Test
    void aFoldedReluIsNotWidenedAway() {
        // The Rescale would let the Add's type reach below 0, where the folded Relu clamps.
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) {act_min=0.0} : i8[4]{scale=0.05,offset=-128}
                  %r = Rescale(%s) : i8[4]{scale=0.1,offset=0}
                  return %r
                }
                """);
    }

    @Test
    void aFoldedReluMayBeWidenedAboveItsZero() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %r = Add(%x, %y) {act_min=0.0} : i8[4]{scale=0.1,offset=-128}
                  return %r
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) {act_min=0.0} : i8[4]{scale=0.05,offset=-128}
                  %r = Rescale(%s) : i8[4]{scale=0.1,offset=-128}
                  return %r
                }
                """, 0.1 + 12.7));
    }
}
