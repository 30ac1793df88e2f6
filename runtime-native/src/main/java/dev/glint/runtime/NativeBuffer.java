package dev.glint.runtime;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Zero-initialised native memory aligned to {@value #ALIGNMENT} bytes. Freed deterministically by
 * {@link #close()}; a {@link Cleaner} frees it if the owner forgets, through the same idempotent release,
 * so it is never freed twice. Every access is bounds-checked in Java and holds the buffer alive while it
 * runs: closing waits for accesses and native calls in progress, and any use after close is an
 * {@link IllegalStateException}. Thread-safe.
 */
public final class NativeBuffer implements AutoCloseable {
    /** Alignment of every buffer, enough for any vector instruction Glint emits. */
    public static final int ALIGNMENT = 64;
    /** The largest buffer: its bytes are reached through one {@link ByteBuffer}, indexed by {@code int}. */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    private static final Cleaner CLEANER = Cleaner.create();

    private final long size;
    private final Pointer pointer;
    private final ByteBuffer bytes;
    private final NativeLifetime lifetime = new NativeLifetime("native buffer");
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** The release shared by {@link #close()} and the cleaner; it must not refer to the buffer itself. */
    private record Release(NativeLifetime lifetime, Pointer pointer) implements Runnable {
        @Override
        public void run() {
            lifetime.close(() -> GlintNative.glint_aligned_free(pointer));
        }
    }

    private NativeBuffer(long size, Pointer pointer) {
        this.size = size;
        this.pointer = pointer;
        this.bytes = size == 0 ? ByteBuffer.allocateDirect(0)
                : new BytePointer(pointer).capacity(size).asByteBuffer().order(ByteOrder.nativeOrder());
        this.release = new Release(lifetime, pointer);
        this.cleanable = CLEANER.register(this, release);
    }

    /** Allocates {@code size} zeroed bytes; fails with an exception (never a crash) when memory is short. */
    public static NativeBuffer allocate(long size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("native buffer size out of range: " + size + " bytes (at most " + MAX_SIZE + ")");
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

    /** The native address (aligned to {@value #ALIGNMENT}); meaningful only while the buffer is open. */
    public long address() {
        lifetime.enter();
        try {
            return pointer.address();
        } finally {
            lifetime.leave();
        }
    }

    public boolean isClosed() {
        return lifetime.isClosed();
    }

    /** Enters the buffer's lifetime for an access of {@code length} bytes at {@code offset}. */
    private ByteBuffer enter(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length) + ") outside buffer of "
                    + size + " bytes");
        }
        lifetime.enter();
        return bytes.duplicate().position((int) offset).slice().order(ByteOrder.nativeOrder());
    }

    public void putFloats(long offset, float[] src) {
        Objects.requireNonNull(src, "src");
        ByteBuffer b = enter(offset, 4L * src.length);
        try {
            b.asFloatBuffer().put(src);
        } finally {
            lifetime.leave();
        }
    }

    public void getFloats(long offset, float[] dst) {
        Objects.requireNonNull(dst, "dst");
        ByteBuffer b = enter(offset, 4L * dst.length);
        try {
            b.asFloatBuffer().get(dst);
        } finally {
            lifetime.leave();
        }
    }

    public void putBytes(long offset, byte[] src) {
        Objects.requireNonNull(src, "src");
        ByteBuffer b = enter(offset, src.length);
        try {
            b.put(src);
        } finally {
            lifetime.leave();
        }
    }

    public void getBytes(long offset, byte[] dst) {
        Objects.requireNonNull(dst, "dst");
        ByteBuffer b = enter(offset, dst.length);
        try {
            b.get(dst);
        } finally {
            lifetime.leave();
        }
    }

    /** Sets every byte to zero. */
    public void clear() {
        lifetime.enter();
        try {
            Pointer.memset(pointer, 0, size);
        } finally {
            lifetime.leave();
        }
    }

    /** Marks the buffer in use by a native call; it cannot be freed until {@link #release()}. */
    Pointer acquire() {
        lifetime.enter();
        return pointer;
    }

    /** Ends a use begun by {@link #acquire()} on this thread. */
    void release() {
        lifetime.leave();
    }

    /**
     * Frees the memory once every access and native call in progress has finished; closing twice is
     * harmless. A thread that is inside a native call on this buffer cannot close it.
     */
    @Override
    public void close() {
        release.run(); // may refuse (closing from inside a call): then the cleaner stays registered
        cleanable.clean(); // only deregisters: the release above already happened
    }
}
