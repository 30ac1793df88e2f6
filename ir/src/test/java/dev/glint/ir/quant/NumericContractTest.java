package dev.glint.ir.quant;

import static dev.glint.ir.quant.NumericContract.dequantize;
import static dev.glint.ir.quant.NumericContract.multiplier;
import static dev.glint.ir.quant.NumericContract.quantize;
import static dev.glint.ir.quant.NumericContract.requantize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins the edge cases of the numeric contract; code generation is tested against the same rules. */
class NumericContractTest {
    @Test
    void tiesRoundToEven() {
        assertEquals(0, requantize(1, 0.5f, 0, -128, 127));
        assertEquals(2, requantize(3, 0.5f, 0, -128, 127));
        assertEquals(-2, requantize(-3, 0.5f, 0, -128, 127));
        assertEquals(-2, requantize(-5, 0.5f, 0, -128, 127));
        assertEquals(4, quantize(2.5f, 0.5f, -1, -128, 127)); // 5 + (-1)
        assertEquals(2, quantize(0.25f, 0.1f, 0, -128, 127)); // 2.5 rounds to 2
    }

    @Test
    void saturatesAtBothEnds() {
        assertEquals(127, requantize(Integer.MAX_VALUE, 1f, 0, -128, 127));
        assertEquals(-128, requantize(Integer.MIN_VALUE, 1f, 0, -128, 127));
        assertEquals(127, requantize(1000, 1f, 100, -128, 127));
        assertEquals(-128, requantize(-1000, 1f, -100, -128, 127));
        assertEquals(255, requantize(1_000_000, 3.0e30f, 0, 0, 255)); // product overflows to +inf
        assertEquals(0, requantize(-1_000_000, 3.0e30f, 0, 0, 255));
        assertEquals(-128, quantize(Float.NEGATIVE_INFINITY, 0.1f, 0, -128, 127));
        assertEquals(127, quantize(Float.POSITIVE_INFINITY, 0.1f, 0, -128, 127));
    }

    @Test
    void nanQuantizesToTheOffset() {
        assertEquals(7, quantize(Float.NaN, 0.1f, 7, -128, 127));
    }

    @Test
    void tinyAndLargeMultipliers() {
        assertEquals(0, requantize(1_000, 1e-9f, 3, -128, 127) - 3);
        assertEquals(1, requantize(123_456_789, 1e-8f, 0, -128, 127)); // 1.23 -> 1
        assertEquals(100, requantize(25, 4f, 0, -128, 127));
        assertEquals(127, requantize(40, 4f, 0, -128, 127));
    }

    @Test
    void largeAccumulatorsLoseLowBitsDeterministically() {
        // 2^24 + 1 is not representable in float32: it rounds to 2^24 (even), then * 2^-20 = 16 exactly.
        assertEquals(16, requantize((1 << 24) + 1, 1f / (1 << 20), 0, -128, 127));
    }

    @Test
    void divisionIsNotMultiplicationByReciprocal() {
        // x / s and x * (1/s) differ in float32 for these values; the contract is the division.
        float x = 0.3f;
        float s = 0.1f;
        assertEquals((int) Math.rint(x / s), quantize(x, s, 0, -128, 127));
    }

    @Test
    void dequantizeIsOneMultiplication() {
        assertEquals(-1.5f, dequantize(-128, 0.5f, -125));
        assertEquals(0f, dequantize(9, 0.3f, 9));
    }

    @Test
    void multipliersAreRoundedOnceFromDouble() {
        assertEquals((float) ((double) 0.1f * 0.2f / 0.3f), multiplier(0.1f, 0.2f, 0.3f), 0f);
        assertEquals((float) ((double) 0.3f / 0.7f), multiplier(0.3f, 0.7f));
    }
}
