package dev.glint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeLifetimeTest {
    /**
     * Eight threads use the resource in a loop while others close it: the release runs exactly once, never
     * while a use is inside, and every use either completes or is refused with "is closed".
     */
    @Test
    void releaseRunsOnceAndNeverUnderAUse() throws Exception {
        for (int round = 0; round < 20; round++) {
            NativeLifetime life = new NativeLifetime("resource");
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger releases = new AtomicInteger();
            AtomicBoolean releasedUnderUse = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Future<?>> users = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    users.add(pool.submit(() -> {
                        while (true) {
                            try {
                                life.enter();
                            } catch (IllegalStateException e) {
                                assertEquals("resource is closed", e.getMessage());
                                return null;
                            }
                            try {
                                inside.incrementAndGet();
                                Thread.onSpinWait();
                                inside.decrementAndGet();
                            } finally {
                                life.leave();
                            }
                        }
                    }));
                }
                Runnable release = () -> {
                    releases.incrementAndGet();
                    if (inside.get() != 0) {
                        releasedUnderUse.set(true);
                    }
                };
                Future<?> a = pool.submit(() -> life.close(release));
                Future<?> b = pool.submit(() -> life.close(release));
                a.get();
                b.get();
                for (Future<?> u : users) {
                    u.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, releases.get(), "release runs once");
            assertTrue(!releasedUnderUse.get(), "release ran while a use was inside");
            assertTrue(life.isClosed());
        }
    }
}
