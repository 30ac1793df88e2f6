package dev.glint.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * A shared library (a host bundle {@code .so}) loaded into this process with {@code dlopen}. Symbols are
 * looked up by name; {@link #close()} unloads it, after which {@link #isOpen()} is false, so an
 * {@link EntryPoint} guarded by it refuses to jump into unloaded code.
 */
public final class SharedLibrary implements AutoCloseable {
    private final Path path;
    private Pointer handle;

    private SharedLibrary(Path path, Pointer handle) {
        this.path = path;
        this.handle = handle;
    }

    /** Loads a library; a missing or invalid file is an {@link IllegalArgumentException} with dlopen's reason. */
    public static SharedLibrary open(Path path) {
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
    public synchronized long symbol(String name) {
        if (handle == null) {
            throw new IllegalStateException(path + " has been unloaded");
        }
        long address = GlintNative.glint_dl_symbol(handle, name);
        if (address == 0) {
            throw new IllegalArgumentException(path + ": no symbol '" + name + "'");
        }
        return address;
    }

    public synchronized boolean isOpen() {
        return handle != null;
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            GlintNative.glint_dl_close(handle);
            handle = null;
        }
    }
}
