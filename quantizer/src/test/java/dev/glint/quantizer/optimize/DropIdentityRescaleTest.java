package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DropIdentityRescaleTest {
    private static final QuantRewrite REWRITE = new DropIdentityRescale();

    @Test
    void aRescaleToTheSameTypeIsItsInput() {
        assertEquals("""
                graph g(%x: i8[3]{scale=0.1,offset=5}) {
                  %y = Sigmoid(%x) : i8[3]{scale=0.00390625,offset=-128}
                  return %y
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[3]{scale=0.1,offset=5}) {
                  %r = Rescale(%x) : i8[3]{scale=0.1,offset=5}
                  %y = Sigmoid(%r) : i8[3]{scale=0.00390625,offset=-128}
                  return %y
                }
                """));
    }

    @Test
    void doesNotFireWhenTheOffsetOrKindDiffers() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[3]{scale=0.1,offset=5}) {
                  %r = Rescale(%x) : i8[3]{scale=0.1,offset=4}
                  %u = Rescale(%x) : u8[3]{scale=0.1,offset=5}
                  return %r, %u
                }
                """);
    }
}
