package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RescaleConcatInputsTest {
    private static final QuantRewrite REWRITE = new RescaleConcatInputs();

    @Test
    void eachInputWithOtherParametersGetsOneRescale() {
        assertEquals("""
                graph g(%a: i8[1,2]{scale=0.5,offset=0}, %b: i8[1,2]{scale=0.25,offset=3}) {
                  %b__rescaled = Rescale(%b) : i8[1,2]{scale=0.5,offset=0}
                  %c = Concat(%a, %b__rescaled, %b__rescaled) {axis=1} : i8[1,6]{scale=0.5,offset=0}
                  return %c
                }
                """, RewriteHarness.applyExact(REWRITE, """
                graph g(%a: i8[1,2]{scale=0.5,offset=0}, %b: i8[1,2]{scale=0.25,offset=3}) {
                  %c = Concat(%a, %b, %b) {axis=1} : i8[1,6]{scale=0.5,offset=0}
                  return %c
                }
                """));
    }

    @Test
    void doesNotFireWhenAllInputsHaveTheOutputsParameters() {
        RewriteHarness.assertUnchanged(REWRITE, """
                graph g(%a: i8[1,2]{scale=0.5,offset=0}, %b: i8[1,2]{scale=0.5,offset=0}, %x: f32[1,2]) {
                  %c = Concat(%a, %b) {axis=1} : i8[1,4]{scale=0.5,offset=0}
                  %f = Concat(%x, %x) {axis=1} : f32[1,4]
                  return %c, %f
                }
                """);
    }
}
