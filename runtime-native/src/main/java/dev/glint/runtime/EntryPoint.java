package dev.glint.runtime;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * A compiled network's entry {@code int NAME(uint8_t *constantWeight, uint8_t *mutableWeight,
 * uint8_t *activations)} at a native address, with the buffer sizes it needs. {@link #call} checks every
 * buffer (present, open, large enough, aligned) and holds the buffers and the code alive for the duration
 * of the call, so a mistake is a Java exception, never a crash, and nothing is freed or unloaded under a
 * running call.
 */
public final class EntryPoint {
    private final String name;
    private final long address;
    private final long constantBytes;
    private final long mutableBytes;
    private final long activationBytes;
    private final NativeLifetime code;

    /**
     * @param code the lifetime of the code at {@code address} (the JIT or library that owns it); a call
     *     enters it, so the code cannot be unloaded while it runs
     */
    public EntryPoint(String name, long address, long constantBytes, long mutableBytes, long activationBytes,
            NativeLifetime code) {
        if (address == 0) {
            throw new IllegalArgumentException("entry '" + name + "' has a null address");
        }
        if (constantBytes < 0 || mutableBytes < 0 || activationBytes < 0) {
            throw new IllegalArgumentException("entry '" + name + "' has a negative buffer size");
        }
        this.name = name;
        this.address = address;
        this.constantBytes = constantBytes;
        this.mutableBytes = mutableBytes;
        this.activationBytes = activationBytes;
        this.code = Objects.requireNonNull(code, "code");
    }

    public String name() {
        return name;
    }

    public long constantBytes() {
        return constantBytes;
    }

    public long mutableBytes() {
        return mutableBytes;
    }

    public long activationBytes() {
        return activationBytes;
    }

    /** Runs the network on the three regions; returns the entry's status (0 is success). */
    public int call(NativeBuffer constants, NativeBuffer mutable, NativeBuffer activations) {
        check(constants, constantBytes, "constant weights");
        check(mutable, mutableBytes, "mutable weights");
        check(activations, activationBytes, "activations");
        if (code.isClosed()) {
            throw new IllegalStateException("the code of '" + name + "' has been unloaded (network closed)");
        }
        code.enter();
        try {
            var c = constants.acquire();
            try {
                var m = mutable.acquire();
                try {
                    var a = activations.acquire();
                    try {
                        return GlintNative.glint_call_entry(address, c, m, a);
                    } finally {
                        activations.release();
                    }
                } finally {
                    mutable.release();
                }
            } finally {
                constants.release();
            }
        } finally {
            code.leave();
            Reference.reachabilityFence(this);
        }
    }

    private void check(NativeBuffer b, long need, String what) {
        if (b == null) {
            throw new NullPointerException(what + " buffer is null");
        }
        if (b.isClosed()) {
            throw new IllegalStateException(what + " buffer is closed");
        }
        if (b.size() < need) {
            throw new IllegalArgumentException(what + " buffer has " + b.size() + " bytes, '" + name + "' needs " + need);
        }
        if (b.address() % NativeBuffer.ALIGNMENT != 0) {
            throw new IllegalArgumentException(what + " buffer is not " + NativeBuffer.ALIGNMENT + "-byte aligned");
        }
    }
}
