package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void replacesUnsafeCharacters() {
        assertEquals("relu_out_1", FileNames.sanitize("relu/out:1"));
        assertEquals("_..", FileNames.sanitize("..."));
        assertEquals("_hidden", FileNames.sanitize(".hidden"));
        assertEquals("output", FileNames.sanitize(""));
        assertEquals("prob.v2-a_b", FileNames.sanitize("prob.v2-a_b"));
    }

    @Test
    void namesStayDistinctEvenIgnoringCase() {
        FileNames names = new FileNames();
        assertEquals("a_b.npy", names.unique("a/b", ".npy"));
        assertEquals("a_b_2.npy", names.unique("a:b", ".npy"));
        assertEquals("A_B_3.npy", names.unique("A_B", ".npy"));
    }
}
