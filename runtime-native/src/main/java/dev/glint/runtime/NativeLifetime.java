package dev.glint.runtime;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lifetime of a native resource that many threads use: each use is bracketed by {@link #enter()} and
 * {@link #leave()}; {@link #close(Runnable)} waits until every use in progress has left, then runs the
 * release exactly once. Entering after close is an {@link IllegalStateException} naming the resource, so
 * freed memory or unloaded code is never reached. Thread-safe; a thread may enter again while inside.
 */
public final class NativeLifetime {
    private final String what;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /** @param what names the resource in error messages, e.g. {@code "native buffer"} */
    public NativeLifetime(String what) {
        this.what = what;
    }

    /** Starts a use; the resource stays alive until the matching {@link #leave()}. */
    public void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** Ends a use started by {@link #enter()} on this thread. */
    public void leave() {
        lock.readLock().unlock();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Marks the resource closed and runs {@code release} once all uses in progress have left; later calls
     * (and calls racing with the first) return without running anything. Closing from inside a use of the
     * same thread would wait for itself, so it is refused.
     */
    public void close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(what + " cannot be closed by a thread that is using it");
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
