package dev.glint.quantizer.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import org.junit.jupiter.api.Test;

/** Damaged profiles the fuzz tests (glint-tests, ProfileFuzzTest) exercise: each a clear error. */
class ProfileFormatErrorsTest {
    private static String profile(String counts, String samples, String dims, String lo, String width) {
        return "{\"format\":\"glint-profile\",\"version\":1,\"tool\":\"t\",\"modelSha256\":\"h\",\"samples\":" + samples
                + ",\"inputs\":{\"x\":" + dims + "},\"values\":{\"v\":{\"min\":0.0,\"max\":1.0,"
                + "\"histogram\":{\"lo\":" + lo + ",\"width\":" + width + ",\"counts\":" + counts + "}}}}";
    }

    @Test
    void aWellFormedProfileLoads() {
        Profile p = ProfileFormat.fromJson(profile("[1,0,0,3]", "4", "[1,2]", "0.0", "0.25"), "p.json");
        assertEquals(4, p.get("v").histogram().total());
    }

    @Test
    void countsSamplesAndDimensionsMustBeWholeNumbersInRange() {
        String[][] bad = {
            {"[1,0.5,0,3]", "4", "[1,2]", "0.0", "0.25"},
            {"[1,0,0,9007199254740993]", "4", "[1,2]", "0.0", "0.25"},
            {"[4503599627370496,4503599627370496,4503599627370496,1]", "4", "[1,2]", "0.0", "0.25"},
            {"[1,0,0,3]", "-4", "[1,2]", "0.0", "0.25"},
            {"[1,0,0,3]", "4", "[1,-2]", "0.0", "0.25"},
            {"[1,0,0,3]", "4", "[1,3000000000]", "0.0", "0.25"},
            {"[1,0,0,3]", "4", "[1,2]", "-1e308", "1e308"},
        };
        for (String[] b : bad) {
            String json = profile(b[0], b[1], b[2], b[3], b[4]);
            GlintException e = assertThrows(GlintException.class, () -> ProfileFormat.fromJson(json, "p.json"), json);
            assertEquals(true, e.getMessage().startsWith("p.json"), e.getMessage());
        }
    }
}
