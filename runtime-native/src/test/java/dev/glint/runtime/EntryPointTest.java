package dev.glint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of calling an entry wrongly is a Java exception before any native code runs. The entry's
 * address is not a function ({@value #NOT_CODE}): each case must be refused by a check, so reaching the
 * jump would crash the test JVM, which is the failure this test exists to catch.
 */
class EntryPointTest {
    private static final long NOT_CODE = 64;

    @TempDir
    Path dir;

    private static EntryPoint entry(NativeLifetime code) {
        return new EntryPoint("net", NOT_CODE, 128, 64, 256, code);
    }

    @Test
    void nullSmallOrClosedBuffersAreRefused() {
        EntryPoint e = entry(new NativeLifetime("test code"));
        try (NativeBuffer c = NativeBuffer.allocate(128); NativeBuffer m = NativeBuffer.allocate(64);
                NativeBuffer a = NativeBuffer.allocate(256); NativeBuffer small = NativeBuffer.allocate(255)) {
            NullPointerException none = assertThrows(NullPointerException.class, () -> e.call(c, null, a));
            assertEquals("mutable weights buffer is null", none.getMessage());
            IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class, () -> e.call(c, m, small));
            assertEquals("activations buffer has 255 bytes, 'net' needs 256", tooSmall.getMessage());
            NativeBuffer closed = NativeBuffer.allocate(128);
            closed.close();
            IllegalStateException gone = assertThrows(IllegalStateException.class, () -> e.call(closed, m, a));
            assertEquals("constant weights buffer is closed", gone.getMessage());
        }
    }

    @Test
    void unloadedCodeIsRefused() {
        NativeLifetime code = new NativeLifetime("test code");
        EntryPoint e = entry(code);
        code.close(() -> { });
        try (NativeBuffer c = NativeBuffer.allocate(128); NativeBuffer m = NativeBuffer.allocate(64);
                NativeBuffer a = NativeBuffer.allocate(256)) {
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> e.call(c, m, a));
            assertTrue(x.getMessage().contains("unloaded"), x.getMessage());
            assertTrue(!c.isClosed() && !m.isClosed() && !a.isClosed(), "buffers are left as they were");
        }
    }

    @Test
    void nullAddressOrNegativeSizesAreRefused() {
        NativeLifetime code = new NativeLifetime("test code");
        assertThrows(IllegalArgumentException.class, () -> new EntryPoint("net", 0, 1, 1, 1, code));
        assertThrows(IllegalArgumentException.class, () -> new EntryPoint("net", NOT_CODE, -1, 1, 1, code));
        assertThrows(NullPointerException.class, () -> new EntryPoint("net", NOT_CODE, 1, 1, 1, null));
    }

    @Test
    void sharedLibraryMistakesAreExceptions() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SharedLibrary.open(dir.resolve("absent.so")));
        assertTrue(missing.getMessage().endsWith("absent.so: no such shared library"), missing.getMessage());
        Path notElf = Files.writeString(dir.resolve("text.so"), "not a library");
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> SharedLibrary.open(notElf));
        assertTrue(invalid.getMessage().contains("cannot load"), invalid.getMessage());
    }
}
