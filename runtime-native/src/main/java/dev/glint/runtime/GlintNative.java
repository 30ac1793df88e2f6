package dev.glint.runtime;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The raw JNI bindings of {@code glint_runtime.h}, built by the JavaCPP Maven plugin with the machine's
 * C compiler. Nothing outside this package calls them: {@link NativeBuffer} and {@link EntryPoint} check
 * sizes, alignment and liveness first, so that no native code ever sees a wrong buffer.
 */
@Platform(include = "glint_runtime.h", link = "dl")
final class GlintNative {
    static {
        Loader.load();
    }

    private GlintNative() {}

    static native int glint_call_entry(@Cast("intptr_t") long fn, Pointer constantWeights, Pointer mutableWeights,
            Pointer activations);

    static native Pointer glint_aligned_alloc(@Cast("int64_t") long size, @Cast("int64_t") long alignment);

    static native void glint_aligned_free(Pointer p);

    static native Pointer glint_dl_open(String path);

    @Cast("intptr_t")
    static native long glint_dl_symbol(Pointer handle, String name);

    @Cast("const char*")
    static native String glint_dl_error();

    static native int glint_dl_close(Pointer handle);

    /** Forces the native library to load (and fail early with a clear error if it cannot). */
    static void load() {
        // the static initialiser did the work
    }
}
