package dev.glint.runtime;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Zero-initialised native memory aligned to {@value #ALIGNMENT} bytes, freed deterministically by
 * {@link #close()} (a {@link Cleaner} frees it if the owner forgets). Every access is bounds-checked in
 * Java; a buffer cannot be closed while a native call is using it. Thread-safe.
 */
public final class NativeBuffer implements AutoCloseable {
    /** Alignment of every buffer, enough for any vector instruction Glint emits. */
    public static final int ALIGNMENT = 64;

    private static final Cleaner CLEANER = Cleaner.create();

    private final long size;
    private final Pointer pointer;
    private final ByteBuffer bytes;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    /** The part that the cleaner frees; it must not refer to the buffer itself. */
    private static final class State implements Runnable {
        private final Pointer pointer;
        private final AtomicInteger users = new AtomicInteger();
        private volatile boolean freed;

        State(Pointer pointer) {
            this.pointer = pointer;
        }

        @Override
        public synchronized void run() {
            if (!freed) {
                freed = true;
                GlintNative.glint_aligned_free(pointer);
            }
        }
    }

    private NativeBuffer(long size, Pointer pointer) {
        this.size = size;
        this.pointer = pointer;
        this.bytes = size == 0 ? ByteBuffer.allocateDirect(0)
                : new BytePointer(pointer).capacity(size).asByteBuffer().order(ByteOrder.nativeOrder());
        this.state = new State(pointer);
        this.cleanable = CLEANER.register(this, state);
    }

    /** Allocates {@code size} zeroed bytes; fails with an exception (never a crash) when memory is short. */
    public static NativeBuffer allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("native buffer size out of range: " + size);
        }
        GlintNative.load();
        Pointer p = GlintNative.glint_aligned_alloc(size, ALIGNMENT);
        if (p == null || p.isNull()) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
        return new NativeBuffer(size, p);
    }

    public long size() {
        return size;
    }

    /** The native address (aligned to {@value #ALIGNMENT}). */
    public long address() {
        checkOpen();
        return pointer.address();
    }

    public boolean isClosed() {
        return state.freed;
    }

    private void checkOpen() {
        if (state.freed) {
            throw new IllegalStateException("native buffer is closed");
        }
    }

    private void checkRange(long offset, long length) {
        checkOpen();
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length) + ") outside buffer of "
                    + size + " bytes");
        }
    }

    public void putFloats(long offset, float[] src) {
        checkRange(offset, 4L * src.length);
        bytes.duplicate().order(ByteOrder.nativeOrder()).position((int) offset).slice()
                .order(ByteOrder.nativeOrder()).asFloatBuffer().put(src);
    }

    public void getFloats(long offset, float[] dst) {
        checkRange(offset, 4L * dst.length);
        bytes.duplicate().position((int) offset).slice().order(ByteOrder.nativeOrder()).asFloatBuffer().get(dst);
    }

    public void putBytes(long offset, byte[] src) {
        checkRange(offset, src.length);
        bytes.duplicate().position((int) offset).slice().put(src);
    }

    public void getBytes(long offset, byte[] dst) {
        checkRange(offset, dst.length);
        bytes.duplicate().position((int) offset).slice().get(dst);
    }

    /** Sets every byte to zero. */
    public void clear() {
        checkOpen();
        Pointer.memset(pointer, 0, size);
    }

    /** Marks the buffer in use by a native call; it cannot be closed until {@link #release()}. */
    Pointer acquire() {
        synchronized (state) {
            checkOpen();
            state.users.incrementAndGet();
            return pointer;
        }
    }

    void release() {
        state.users.decrementAndGet();
    }

    /** Frees the memory; closing twice is harmless; closing during a native call is an error. */
    @Override
    public void close() {
        synchronized (state) {
            if (state.users.get() > 0) {
                throw new IllegalStateException("native buffer is in use by a running network");
            }
            cleanable.clean();
        }
    }
}
