package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HoistRescaleTest {
    private static final QuantRewrite REWRITE = new HoistRescale();

    @Test
    void movesTheRescaleToTheValueBeforeDataMovement() {
        assertEquals("""
                graph g(%x: i8[2,3]{scale=0.5,offset=0}, %y: i8[2,3]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[2,3]{scale=1.0,offset=0}
                  %s__rescaled = Rescale(%s) : i8[2,3]{scale=0.75,offset=2}
                  %r = Transpose(%s__rescaled) {perm=[1,0]} : i8[3,2]{scale=0.75,offset=2}
                  return %r
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=0}, %y: i8[2,3]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[2,3]{scale=1.0,offset=0}
                  %t = Transpose(%s) {perm=[1,0]} : i8[3,2]{scale=1.0,offset=0}
                  %r = Rescale(%t) : i8[3,2]{scale=0.75,offset=2}
                  return %r
                }
                """));
    }

    @Test
    void rescalesAConstantPaddingCode() {
        assertEquals("""
                graph g(%x: i8[2,3]{scale=0.5,offset=0}, %y: i8[2,3]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[2,3]{scale=1.0,offset=0}
                  %s__rescaled = Rescale(%s) : i8[2,3]{scale=0.75,offset=2}
                  %r = Pad(%s__rescaled) {mode="constant", pads=[1,0,0,0], value=6.0} : i8[3,3]{scale=0.75,offset=2}
                  return %r
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=0}, %y: i8[2,3]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[2,3]{scale=1.0,offset=0}
                  %p = Pad(%s) {mode="constant", pads=[1,0,0,0], value=3.0} : i8[3,3]{scale=1.0,offset=0}
                  %r = Rescale(%p) : i8[3,3]{scale=0.75,offset=2}
                  return %r
                }
                """));
    }

    @Test
    void doesNotFireWhenTheDataMovementOrItsInputHasAnotherReader() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=0}, %y: i8[2,3]{scale=0.5,offset=0}) {
                  %s = Add(%x, %y) : i8[2,3]{scale=1.0,offset=0}
                  %t = Transpose(%s) {perm=[1,0]} : i8[3,2]{scale=1.0,offset=0}
                  %r = Rescale(%t) : i8[3,2]{scale=0.75,offset=2}
                  %u = Reshape(%s) {shape=[6]} : i8[6]{scale=1.0,offset=0}
                  %v = Rescale(%u) : i8[6]{scale=0.75,offset=2}
                  return %r, %t, %v
                }
                """);
    }

    @Test
    void doesNotFireAboveAGraphInput() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[2,3]{scale=0.5,offset=0}) {
                  %t = Transpose(%x) {perm=[1,0]} : i8[3,2]{scale=0.5,offset=0}
                  %r = Rescale(%t) : i8[3,2]{scale=0.75,offset=2}
                  return %r
                }
                """);
    }
}
