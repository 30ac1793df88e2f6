package dev.glint.tests.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Makes damaged copies of a version 1.0 {@code .npy} file: a 6-byte magic, two version bytes, a
 * little-endian header length, a Python dict literal header, then the data. Header mutations rebuild the
 * file around a changed header text; the data is kept as it is.
 */
final class NpyMutator {
    private static final String[] SHAPES = {"()", "(0,)", "(-1,)", "(-5, 3)", "(2147483647,)", "(2147483648,)",
        "(4294967296, 4294967296)", "(65536, 65536)", "(46341, 46341)", "(3037000500, 3037000500)",
        "(99999999999999999999999,)", "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)",
        "(3.5,)", "(a,)", "(1,,2)", "(,)", "(1L, 2L)", "((1, 2),)", "[1, 2]", "(1e3,)", "(0x10,)", "(+4,)",
        "(1 2)", "(", ")", "(1, 2", "(10000, 10000, 10000)", "(16, 16)", "(1,)"};
    private static final String[] DTYPES = {"<f2", "<c8", "|b1", "<U10", "|O", "O", "", "<", "<f", "f4", ">f4", "=f8",
        "<i2", "<u4", "<u8", "|S5", "<f4\\'", "<f16", "<i4", "|u1", "|i1", "<i8", ">i8", "<f8", "ğf4", "<V8", "<M8[s]"};
    private static final String[] FORTRAN = {"True", "1", "'False'", "None", "", "Fals", "true"};
    private static final int[] VERSIONS = {0, 2, 3, 4, 255};

    /** The dtypes of {@link #DTYPES} that Glint reads (a file with one of them may still be valid). */
    private static final java.util.Set<String> SUPPORTED = java.util.Set.of("<f4", ">f4", "<f8", "=f8", "<i4", "|u1",
        "|i1", "<i8", ">i8");

    /**
     * A damaged file and whether it must be refused: NumPy itself would refuse it (broken dict syntax, a
     * non-boolean fortran_order, data not matching the shape) or Glint does not read it (Fortran order, an
     * unsupported dtype). Mutants that may still be valid (a forged shape that fits the data) are false.
     */
    record Mutant(byte[] bytes, boolean mustReject) {}

    private final byte[] original;
    private final int major;
    private final String header;
    private final byte[] data;

    NpyMutator(byte[] original) {
        this.original = original;
        ByteBuffer bb = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        this.major = original[6];
        int start = major == 1 ? 10 : 12;
        int len = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
        this.header = new String(original, start, len, StandardCharsets.ISO_8859_1);
        this.data = Arrays.copyOfRange(original, start + len, original.length);
    }

    /** A damaged copy; {@code random} decides where and how. */
    Mutant mutate(NpyMutation kind, Random random) {
        return switch (kind) {
            case FORGE_DTYPE -> {
                String dtype = pick(DTYPES, random);
                yield new Mutant(build(replaceValue("descr", "'" + dtype + "'"), data), !SUPPORTED.contains(dtype));
            }
            case FORGE_FORTRAN_ORDER -> new Mutant(build(replaceValue("fortran_order", pick(FORTRAN, random)), data), true);
            case BAD_DICT -> {
                int variant = random.nextInt(BAD_DICT_VARIANTS);
                // Variant 2 only swaps the quote style, which Python (and so NumPy) accepts.
                yield new Mutant(build(breakDict(variant, random), data), variant != 2);
            }
            case RESIZE_DATA -> {
                int cut = random.nextBoolean() ? -1 - random.nextInt(Math.max(1, Math.min(data.length, 64)))
                        : 1 + random.nextInt(16);
                yield new Mutant(build(header, Arrays.copyOf(data, Math.max(0, data.length + cut))), true);
            }
            default -> new Mutant(mutateBytes(kind, random), false);
        };
    }

    private byte[] mutateBytes(NpyMutation kind, Random random) {
        return switch (kind) {
            case TRUNCATE -> Arrays.copyOf(original, random.nextInt(original.length));
            case HEADER_BYTE_FLIP -> flipHeaderBytes(random);
            case FORGE_VERSION -> {
                byte[] b = original.clone();
                b[6] = (byte) VERSIONS[random.nextInt(VERSIONS.length)];
                yield b;
            }
            case FORGE_HEADER_LENGTH -> forgeHeaderLength(random);
            case FORGE_SHAPE -> build(replaceValue("shape", pick(SHAPES, random)), data);
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private byte[] flipHeaderBytes(Random random) {
        byte[] b = original.clone();
        int headerEnd = Math.min(b.length, (major == 1 ? 10 : 12) + header.length());
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            b[random.nextInt(headerEnd)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    private byte[] forgeHeaderLength(Random random) {
        byte[] b = original.clone();
        int len = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(Math.max(1, header.length()));
            case 2 -> header.length() + 1;
            case 3 -> 0xffff;
            default -> header.length() + data.length + 1;
        };
        b[8] = (byte) len;
        b[9] = (byte) (len >>> 8);
        return b;
    }

    /** The header with the value of {@code key} replaced by {@code value} (Python literal text). */
    private String replaceValue(String key, String value) {
        int k = header.indexOf("'" + key + "'");
        int colon = header.indexOf(':', k);
        int end = valueEnd(colon + 1);
        return header.substring(0, colon + 1) + " " + value + header.substring(end);
    }

    /** Where the value starting after {@code from} ends: the comma or brace that closes it at depth 0. */
    private int valueEnd(int from) {
        int depth = 0;
        for (int i = from; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if ((c == ',' || c == '}') && depth == 0) {
                return i;
            }
        }
        return header.length();
    }

    private static final int BAD_DICT_VARIANTS = 9;

    private String breakDict(int variant, Random random) {
        String h = header.trim();
        return switch (variant) {
            case 0 -> h.replace("{", "");
            case 1 -> h.replace("}", "");
            case 2 -> h.replace("'", "\"");
            case 3 -> h.replace("'", "");
            case 4 -> h.replaceFirst("'descr'", "'dtype'");
            case 5 -> h.replaceFirst("'shape'", "'shapes'");
            case 6 -> h.replace("}", "'shape': (" + (1 + random.nextInt(1000)) + ",), }");
            case 7 -> h.replace(":", "");
            default -> {
                StringBuilder sb = new StringBuilder(h);
                sb.insert(random.nextInt(sb.length() + 1), "\u0000\n{'x': (1, [2, {3: (")
                        .append("'shape': (".repeat(random.nextInt(3)));
                yield sb.toString();
            }
        };
    }

    /** A version 1.0 file around {@code headerText} (padded with spaces and a newline, as NumPy writes it). */
    private static byte[] build(String headerText, byte[] data) {
        StringBuilder h = new StringBuilder(headerText.stripTrailing());
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + hb.length + data.length);
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) hb.length, (byte) (hb.length >>> 8)});
        out.writeBytes(hb);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }
}
