package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FoldActivationIntoProducerTest {
    private static final QuantRewrite REWRITE = new FoldActivationIntoProducer();

    @Test
    void aReluWhoseZeroIsTheSmallestCodeFoldsIntoTheConv() {
        assertEquals("""
                graph g(%x: i8[1,1,3,3]{scale=0.1,offset=0}) {
                  %w = Constant i8[2,1,1,1]{axis=0,scale=[0.05,0.02],offset=[0,0]} [10, -20]
                  %b = Constant i32[2]{axis=0,scale=[0.005,0.002],offset=[0,0]} [100, -50]
                  %y = Conv(%x, %w, %b) {act_min=0.0} : i8[1,2,3,3]{scale=0.025,offset=-128} loc("conv+relu")
                  return %y
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[1,1,3,3]{scale=0.1,offset=0}) {
                  %w = Constant i8[2,1,1,1]{axis=0,scale=[0.05,0.02],offset=[0,0]} [10, -20]
                  %b = Constant i32[2]{axis=0,scale=[0.005,0.002],offset=[0,0]} [100, -50]
                  %c = Conv(%x, %w, %b) : i8[1,2,3,3]{scale=0.05,offset=0} loc("conv")
                  %y = Relu(%c) : i8[1,2,3,3]{scale=0.025,offset=-128} loc("relu")
                  return %y
                }
                """, 0.05));
    }

    @Test
    void aClipToZeroSixWhoseRangeIsExactlyThatFoldsIntoTheAdd() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %r = Add(%x, %y) {act_max=6.0, act_min=0.0} : i8[4]{scale=0.023529412,offset=-128} loc("add+clip")
                  return %r
                }
                """, RewriteHarness.applyWithin(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=0.1,offset=0} loc("add")
                  %r = Clip(%s) {max=6.0, min=0.0} : i8[4]{scale=0.023529412,offset=-128} loc("clip")
                  return %r
                }
                """, 0.1));
    }

    @Test
    void doesNotFireIntoConversions() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%f: f32[4], %x: i8[4]{scale=0.05,offset=0}) {
                  %q = Quantize(%f) : i8[4]{scale=0.02,offset=0}
                  %r = Relu(%q) : i8[4]{scale=0.01,offset=-128}
                  %s = Rescale(%x) : i8[4]{scale=0.02,offset=0}
                  %t = Relu(%s) : i8[4]{scale=0.01,offset=-128}
                  return %r, %t
                }
                """);
    }

    @Test
    void doesNotFireWhenTheSmallestCodeIsBelowZero() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=0.1,offset=0}
                  %r = Relu(%s) : i8[4]{scale=0.05,offset=0}
                  return %r
                }
                """);
    }

    @Test
    void doesNotFireWhenTheTypeReachesBeyondTheClipBound() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=0.1,offset=0}
                  %r = Clip(%s) {max=6.0, min=0.0} : i8[4]{scale=0.05,offset=-128}
                  return %r
                }
                """);
    }

    @Test
    void doesNotFireWhenTheProducerHasAnotherReaderOrIsAnInput() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.05,offset=0}, %y: i8[4]{scale=0.05,offset=0}) {
                  %s = Add(%x, %y) : i8[4]{scale=0.1,offset=0}
                  %r = Relu(%s) : i8[4]{scale=0.05,offset=-128}
                  %t = Relu(%x) : i8[4]{scale=0.025,offset=-128}
                  return %r, %s, %t
                }
                """);
    }
}
