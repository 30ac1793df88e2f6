package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DropIdentityLookupTableTest {
    private static final QuantRewrite REWRITE = new DropIdentityLookupTable();

    @Test
    void aReluOfAValueThatIsNeverNegativeDisappears() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.1,offset=-128}) {
                  return %x as "r"
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=-128}) {
                  %r = Relu(%x) : i8[4]{scale=0.1,offset=-128}
                  return %r
                }
                """));
    }

    @Test
    void aClipBeyondTheTypesRangeDisappears() {
        assertEquals("""
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %s = Sigmoid(%x) : i8[4]{scale=0.00390625,offset=-128}
                  return %s
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=0}) {
                  %c = Clip(%x) {max=100.0, min=-100.0} : i8[4]{scale=0.1,offset=0}
                  %s = Sigmoid(%c) : i8[4]{scale=0.00390625,offset=-128}
                  return %s
                }
                """));
    }

    @Test
    void doesNotFireWhenTheTableChangesACode() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%x: i8[4]{scale=0.1,offset=-100}) {
                  %r = Relu(%x) : i8[4]{scale=0.1,offset=-100}
                  %c = Clip(%x) {max=1.0, min=-1.0} : i8[4]{scale=0.1,offset=-100}
                  %s = Relu(%x) : i8[4]{scale=0.2,offset=-128}
                  return %r, %c, %s
                }
                """);
    }
}
