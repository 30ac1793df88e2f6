package dev.glint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeBufferTest {
    @Test
    void bytesAndFloatsRoundTripAtAnAlignedAddress() {
        try (NativeBuffer b = NativeBuffer.allocate(100)) {
            assertEquals(0, b.address() % NativeBuffer.ALIGNMENT);
            byte[] zeros = new byte[100];
            b.getBytes(0, zeros);
            assertArrayEquals(new byte[100], zeros, "allocated zeroed");
            b.putFloats(8, new float[] {1.5f, -2f});
            float[] f = new float[2];
            b.getFloats(8, f);
            assertArrayEquals(new float[] {1.5f, -2f}, f);
            b.putBytes(99, new byte[] {7});
            byte[] last = new byte[1];
            b.getBytes(99, last);
            assertEquals(7, last[0]);
        }
    }

    @Test
    void outOfRangeAccessIsRefused() {
        try (NativeBuffer b = NativeBuffer.allocate(16)) {
            assertThrows(IndexOutOfBoundsException.class, () -> b.putFloats(4, new float[4]));
            assertThrows(IndexOutOfBoundsException.class, () -> b.getBytes(-1, new byte[1]));
            assertThrows(IndexOutOfBoundsException.class, () -> b.putBytes(17, new byte[0]));
            assertThrows(NullPointerException.class, () -> b.putBytes(0, null));
        }
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(-1));
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(NativeBuffer.MAX_SIZE + 1));
    }

    @Test
    void useAfterCloseIsAnExceptionAndCloseIsIdempotent() {
        NativeBuffer b = NativeBuffer.allocate(64);
        b.close();
        b.close();
        assertTrue(b.isClosed());
        for (Runnable use : new Runnable[] {() -> b.putBytes(0, new byte[1]), () -> b.getBytes(0, new byte[1]),
                () -> b.putFloats(0, new float[1]), () -> b.getFloats(0, new float[1]), b::clear, b::address, b::acquire}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
            assertEquals("native buffer is closed", e.getMessage());
        }
    }

    @Test
    void closeWaitsForANativeCallInProgress() throws Exception {
        NativeBuffer b = NativeBuffer.allocate(64);
        b.acquire(); // as EntryPoint.call does around the native call
        CountDownLatch closing = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> close = other.submit(() -> {
                closing.countDown();
                b.close();
            });
            closing.await();
            Thread.sleep(200);
            assertTrue(!close.isDone() && !b.isClosed(), "close must wait while the buffer is in use");
            b.putBytes(0, new byte[] {1}); // still usable by the caller that holds it
            b.release();
            close.get(10, TimeUnit.SECONDS);
            assertTrue(b.isClosed());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void theThreadUsingABufferCannotCloseIt() {
        NativeBuffer b = NativeBuffer.allocate(64);
        b.acquire();
        IllegalStateException e = assertThrows(IllegalStateException.class, b::close);
        assertTrue(e.getMessage().contains("cannot be closed by a thread that is using it"), e.getMessage());
        b.release();
        b.close();
        assertTrue(b.isClosed());
    }

    /**
     * Buffers dropped without close are freed by the cleaner: 48 buffers of 32 MiB (1.5 GiB, every page
     * touched by the zeroing) pass through, dropped one by one with a collection in between; the
     * resident set must grow far less than their sum.
     */
    @Test
    void droppedBuffersAreFreedByTheCleaner() throws Exception {
        long before = residentBytes();
        long size = 32L << 20;
        for (int i = 0; i < 48; i++) {
            NativeBuffer b = NativeBuffer.allocate(size);
            b.putBytes(size - 1, new byte[] {1});
            b = null; // dropped, not closed
            System.gc();
            Thread.sleep(10); // gives the cleaner thread its turn
        }
        System.gc();
        Thread.sleep(200);
        long growth = residentBytes() - before;
        System.out.printf("cleaner: 48 dropped 32 MiB buffers, RSS growth %.1f MiB%n", growth / 1048576.0);
        assertTrue(growth < (512L << 20), "RSS grew by " + (growth >> 20) + " MiB: dropped buffers were not freed");
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.trim().split("\\s+")[1]) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
