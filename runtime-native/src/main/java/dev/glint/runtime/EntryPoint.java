package dev.glint.runtime;

import java.util.function.BooleanSupplier;

/**
 * A compiled network's entry {@code int NAME(uint8_t *constantWeight, uint8_t *mutableWeight,
 * uint8_t *activations)} at a native address, with the buffer sizes it needs. {@link #call} checks every
 * buffer (size, alignment, liveness, and that the code itself is still loaded) before jumping into native
 * code, so a mistake is a Java exception, never a crash.
 */
public final class EntryPoint {
    private final String name;
    private final long address;
    private final long constantBytes;
    private final long mutableBytes;
    private final long activationBytes;
    private final BooleanSupplier codeAlive;

    /**
     * @param codeAlive tells whether the code at {@code address} is still loaded (the JIT or library that owns
     *     it has not been closed)
     */
    public EntryPoint(String name, long address, long constantBytes, long mutableBytes, long activationBytes,
            BooleanSupplier codeAlive) {
        if (address == 0) {
            throw new IllegalArgumentException("entry '" + name + "' has a null address");
        }
        this.name = name;
        this.address = address;
        this.constantBytes = constantBytes;
        this.mutableBytes = mutableBytes;
        this.activationBytes = activationBytes;
        this.codeAlive = codeAlive;
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
        if (!codeAlive.getAsBoolean()) {
            throw new IllegalStateException("the code of '" + name + "' has been unloaded (network closed)");
        }
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
