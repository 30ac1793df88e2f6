package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalizeMaxMinScalesTest {
    private static final QuantRewrite REWRITE = new NormalizeMaxMinScales();

    @Test
    void operandsWithOtherParametersAreRescaledToTheOutputs() {
        assertEquals("""
                graph g(%a: i8[2,3]{scale=0.5,offset=0}, %b: i8[3]{scale=0.25,offset=3}) {
                  %a__rescaled = Rescale(%a) : i8[2,3]{scale=0.4,offset=-10}
                  %b__rescaled = Rescale(%b) : i8[3]{scale=0.4,offset=-10}
                  %m = Max(%a__rescaled, %b__rescaled) : i8[2,3]{scale=0.4,offset=-10}
                  %b__rescaled_1 = Rescale(%b) : i8[3]{scale=0.5,offset=0}
                  %n = Min(%a, %b__rescaled_1) : i8[2,3]{scale=0.5,offset=0}
                  return %m, %n
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%a: i8[2,3]{scale=0.5,offset=0}, %b: i8[3]{scale=0.25,offset=3}) {
                  %m = Max(%a, %b) : i8[2,3]{scale=0.4,offset=-10}
                  %n = Min(%a, %b) : i8[2,3]{scale=0.5,offset=0}
                  return %m, %n
                }
                """));
    }

    @Test
    void doesNotFireWhenTheOperandsAlreadyAgree() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%a: i8[3]{scale=0.5,offset=0}, %b: i8[3]{scale=0.5,offset=0}) {
                  %m = Max(%a, %b) : i8[3]{scale=0.5,offset=0}
                  %s = Add(%a, %b) : i8[3]{scale=1.0,offset=0}
                  return %m, %s
                }
                """);
    }
}
