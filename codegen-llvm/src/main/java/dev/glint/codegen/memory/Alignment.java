package dev.glint.codegen.memory;

/** Rounding to the alignment of every buffer (enough for 512-bit vector loads). */
public final class Alignment {
    /** Every allocation starts at a multiple of this many bytes. */
    public static final int BYTES = 64;

    private Alignment() {}

    public static long up(long n) {
        return (n + BYTES - 1) / BYTES * BYTES;
    }
}
