package dev.glint.ir;

/** Element types of tensors. Integer kinds may carry quantization parameters in their {@link TensorType}. */
public enum ElemKind {
    FLOAT32("f32", 4, 0, 0),
    INT8("i8", 1, -128, 127),
    UINT8("u8", 1, 0, 255),
    INT16("i16", 2, Short.MIN_VALUE, Short.MAX_VALUE),
    INT32("i32", 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64("i64", 8, 0, 0);

    private final String mnemonic;
    private final int bytes;
    private final long min;
    private final long max;

    ElemKind(String mnemonic, int bytes, long min, long max) {
        this.mnemonic = mnemonic;
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /** The short name used by the textual IR, e.g. {@code f32}. */
    public String mnemonic() {
        return mnemonic;
    }

    /** Size of one element in bytes in native memory. */
    public int bytes() {
        return bytes;
    }

    public boolean isFloat() {
        return this == FLOAT32;
    }

    /** True for the kinds stored in a Java {@code int[]} by {@link Tensor}: i8, u8, i16, i32. */
    public boolean isSmallInt() {
        return this == INT8 || this == UINT8 || this == INT16 || this == INT32;
    }

    /** Smallest representable value (for small integer kinds). */
    public long min() {
        return min;
    }

    /** Largest representable value (for small integer kinds). */
    public long max() {
        return max;
    }

    /** Looks a kind up by its mnemonic; returns null when there is none. */
    public static ElemKind fromMnemonic(String s) {
        for (ElemKind k : values()) {
            if (k.mnemonic.equals(s)) {
                return k;
            }
        }
        return null;
    }
}
