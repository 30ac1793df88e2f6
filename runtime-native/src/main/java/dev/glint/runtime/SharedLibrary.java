package dev.glint.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.javacpp.Pointer;

/**
 * A shared library (a host bundle {@code .so}) loaded into this process with {@code dlopen}. Symbols are
 * looked up by name. {@link #close()} unloads it once every use in progress has left its
 * {@link #lifetime()}; an {@link EntryPoint} guarded by that lifetime therefore never jumps into unloaded
 * code, and a call after close is an {@link IllegalStateException}.
 */
public final class SharedLibrary implements AutoCloseable {
    private final Path path;
    private final Pointer handle;
    private final NativeLifetime lifetime;

    private SharedLibrary(Path path, Pointer handle) {
        this.path = path;
        this.handle = handle;
        this.lifetime = new NativeLifetime("shared library " + path);
    }

    /** Loads a library; a missing or invalid file is an {@link IllegalArgumentException} with dlopen's reason. */
    public static SharedLibrary open(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such shared library");
        }
        GlintNative.load();
        Pointer h = GlintNative.glint_dl_open(path.toAbsolutePath().toString());
        if (h == null || h.isNull()) {
            throw new IllegalArgumentException(path + ": cannot load (" + GlintNative.glint_dl_error() + ")");
        }
        return new SharedLibrary(path, h);
    }

    /** The address of an exported symbol; an absent symbol is an {@link IllegalArgumentException}. */
    public long symbol(String name) {
        Objects.requireNonNull(name, "name");
        lifetime.enter();
        try {
            long address = GlintNative.glint_dl_symbol(handle, name);
            if (address == 0) {
                throw new IllegalArgumentException(path + ": no symbol '" + name + "'");
            }
            return address;
        } finally {
            lifetime.leave();
        }
    }

    /** Guards the library's code: entry points enter it for every call. */
    public NativeLifetime lifetime() {
        return lifetime;
    }

    public boolean isOpen() {
        return !lifetime.isClosed();
    }

    /** Unloads the library after the calls in progress finished; closing twice is harmless. */
    @Override
    public void close() {
        lifetime.close(() -> GlintNative.glint_dl_close(handle));
    }
}
