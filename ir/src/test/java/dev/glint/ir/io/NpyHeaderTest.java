package dev.glint.ir.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.ir.GlintException;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {
    @Test
    void readsWhatNumPyWrites() {
        NpyHeader h = NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }          \n", "a.npy");
        assertEquals("<f4", h.descr());
        assertEquals(false, h.fortranOrder());
        assertArrayEquals(new int[] {2, 3}, h.shape());
        assertArrayEquals(new int[] {7}, NpyHeader.parse("{\"descr\":\"|u1\",\"fortran_order\":True,\"shape\":(7L,)}",
                "a.npy").shape());
        assertArrayEquals(new int[0], NpyHeader.parse("{'descr': '<f8', 'fortran_order': False, 'shape': ()}",
                "a.npy").shape());
    }

    @Test
    void refusesWhatNumPyRefuses() {
        String[] bad = {
            "'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", // no opening brace
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", // no closing brace
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (9,)}", // repeated key
            "{'descr': '<f4', 'fortran_order': False}", // missing key
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", // unknown key
            "{'descr': '<f4', 'fortran_order': 1, 'shape': (2,)}", // not a boolean
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", // not a tuple
            "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", // a list
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", // negative
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296,)}", // too large
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk", // trailing text
            "{'descr' '<f4', 'fortran_order': False, 'shape': (2,)}", // no colon
        };
        for (String header : bad) {
            GlintException e = assertThrows(GlintException.class, () -> NpyHeader.parse(header, "a.npy"), header);
            assertEquals(true, e.getMessage().startsWith("a.npy: "), e.getMessage());
        }
    }

    @Test
    void dataBeyondTheShapeIsRefused() {
        byte[] good = Npy.toBytes(dev.glint.ir.Tensor.ofFloats(new float[] {1, 2}, 2));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 4);
        GlintException e = assertThrows(GlintException.class, () -> Npy.parse(longer, "a.npy"));
        assertEquals("a.npy: 4 bytes after the data that shape [2] of <f4 needs", e.getMessage());
    }
}
