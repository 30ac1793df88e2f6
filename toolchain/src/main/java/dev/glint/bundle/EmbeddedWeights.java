package dev.glint.bundle;

/**
 * LLVM IR that compiles the constant-weight image into the object file, for devices without a file
 * system: a 64-byte aligned read-only global {@code NAME_constant_weight} and the entry {@code NAME},
 * which passes that global to the network function when the caller's constantWeight pointer is null and
 * the caller's pointer otherwise (so that weights can still be replaced without recompiling).
 */
final class EmbeddedWeights {
    private EmbeddedWeights() {}

    /** The name of the generated network function behind the entry. */
    static String networkName(String entry) {
        return entry + "_network";
    }

    /** The global and the entry, to append to the network's module. */
    static String entryIr(String entry, byte[] image) {
        StringBuilder sb = new StringBuilder(image.length * 3 + 512);
        sb.append("\n@").append(entry).append("_constant_weight = constant [").append(image.length)
                .append(" x i8] c\"");
        for (byte b : image) {
            int v = b & 0xFF;
            // Printable characters other than '"' and '\' stand for themselves; the rest are hex escapes.
            if (v >= 0x20 && v < 0x7F && v != '"' && v != '\\') {
                sb.append((char) v);
            } else {
                sb.append('\\').append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
        }
        sb.append("\", align 64\n\n");
        sb.append("define i32 @").append(entry).append("(ptr %constantWeight, ptr %mutableWeight, ptr %activations) {\n")
                .append("  %isNull = icmp eq ptr %constantWeight, null\n")
                .append("  %weights = select i1 %isNull, ptr @").append(entry).append("_constant_weight, ptr %constantWeight\n")
                .append("  %status = call i32 @").append(networkName(entry))
                .append("(ptr %weights, ptr %mutableWeight, ptr %activations)\n")
                .append("  ret i32 %status\n}\n");
        return sb.toString();
    }
}
