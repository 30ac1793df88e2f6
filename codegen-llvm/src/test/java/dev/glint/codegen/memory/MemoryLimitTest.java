package dev.glint.codegen.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import org.junit.jupiter.api.Test;

class MemoryLimitTest {
    @Test
    void sizesParseWithBinarySuffixes() {
        assertEquals(4096, MemoryLimit.parse("4096"));
        assertEquals(512L << 20, MemoryLimit.parse("512M"));
        assertEquals(2L << 30, MemoryLimit.parse("2G"));
        assertEquals(2L << 30, MemoryLimit.parse("2GiB"));
        assertEquals(100L << 20, MemoryLimit.parse("100mb"));
        assertEquals(64L << 10, MemoryLimit.parse("64k"));
        assertEquals(1L << 40, MemoryLimit.parse("1T"));
    }

    @Test
    void malformedSizesAreGlintExceptions() {
        for (String bad : new String[] {"", "M", "lots", "1.5G", "12X"}) {
            GlintException e = assertThrows(GlintException.class, () -> MemoryLimit.parse(bad), bad);
            assertEquals("memory size '" + bad + "' is not a size such as 512M or 2G", e.getMessage());
        }
        for (String bad : new String[] {"0", "0G", "-1M", "9999999999T"}) {
            GlintException e = assertThrows(GlintException.class, () -> MemoryLimit.parse(bad), bad);
            assertEquals("memory size '" + bad + "' is out of range", e.getMessage());
        }
    }

    @Test
    void sizesFormatForPeople() {
        assertEquals("0.5 KiB", MemoryLimit.format(512));
        assertEquals("13.5 MiB", MemoryLimit.format(27L << 19));
        assertEquals("4.0 GiB", MemoryLimit.format(MemoryLimit.DEFAULT_BYTES));
    }
}
