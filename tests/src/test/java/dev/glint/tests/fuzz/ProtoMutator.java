package dev.glint.tests.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes damaged copies of a protobuf file. Byte-level kinds work on the raw bytes; the others parse the
 * file once into a {@link WireMessage} tree and damage a copy of it, so they hit structure (fields,
 * lengths, counts) rather than the bulk of weight bytes.
 */
final class ProtoMutator {
    /** Boundary values for varints: zero, small, the edges of int32/uint32/int64, negative. */
    private static final long[] VARINT_VALUES = {0, 1, 2, 3, 4, 7, 16, 255, 256, 65_535, 65_536,
        Integer.MAX_VALUE, 1L << 31, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -1_000_000};
    private static final float[] FLOAT_VALUES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0f, -0f, -1f, 1e30f, -1e30f, Float.MIN_VALUE, 1e-30f};

    /** The kinds that work on the tree and can be stacked (REPEAT_FIELD left out: it grows files fast). */
    private static final ProtoMutation[] STRUCTURAL = {ProtoMutation.DELETE_FIELD, ProtoMutation.DUPLICATE_FIELD,
        ProtoMutation.FORGE_VARINT, ProtoMutation.FORGE_FIXED, ProtoMutation.RESIZE_PAYLOAD,
        ProtoMutation.TRANSPLANT_FIELD, ProtoMutation.FORGE_VARINT, ProtoMutation.FORGE_TENSOR_VALUE};

    private final byte[] original;
    private final WireMessage tree;

    /** @param original a protobuf file; when it does not parse as one, only byte-level kinds apply */
    ProtoMutator(byte[] original) {
        this.original = original;
        this.tree = WireMessage.parse(original);
    }

    /** A damaged copy of the file; {@code random} decides where and how (so a seed reproduces it). */
    byte[] mutate(ProtoMutation kind, Random random) {
        if (tree == null || tree.fields.isEmpty()) {
            return kind == ProtoMutation.TRUNCATE ? truncate(random) : flipBytes(random);
        }
        return switch (kind) {
            case TRUNCATE -> truncate(random);
            case BYTE_FLIP -> flipBytes(random);
            default -> mutateTree(kind, random);
        };
    }

    private byte[] truncate(Random random) {
        return Arrays.copyOf(original, original.length == 0 ? 0 : random.nextInt(original.length));
    }

    private byte[] flipBytes(Random random) {
        byte[] b = original.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    private byte[] mutateTree(ProtoMutation kind, Random random) {
        WireMessage m = tree.copy();
        if (kind == ProtoMutation.STACKED) {
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                damage(m, STRUCTURAL[random.nextInt(STRUCTURAL.length)], random);
            }
        } else {
            damage(m, kind, random);
        }
        return m.toBytes();
    }

    /** Applies one structural kind to {@code m} in place. */
    private static void damage(WireMessage m, ProtoMutation kind, Random random) {
        List<WireField> all = m.allFields();
        if (all.isEmpty()) {
            return;
        }
        switch (kind) {
            case DELETE_FIELD -> {
                WireMessage parent = pickNonEmpty(m, random);
                parent.fields.remove(random.nextInt(parent.fields.size()));
            }
            case DUPLICATE_FIELD -> {
                WireMessage parent = pickNonEmpty(m, random);
                int i = random.nextInt(parent.fields.size());
                parent.fields.add(i + 1, parent.fields.get(i).copy());
            }
            case REPEAT_FIELD -> {
                WireMessage parent = pickNonEmpty(m, random);
                int i = random.nextInt(parent.fields.size());
                WireField f = parent.fields.get(i);
                // Small fields many times (huge counts), large ones a few times (bounded mutant size).
                int times = f.wireType == WireField.LEN && f.payload().length > 4096 ? 2 : 10 + random.nextInt(2000);
                for (int k = 0; k < times; k++) {
                    parent.fields.add(i + 1, f.copy());
                }
            }
            case FORGE_VARINT -> {
                WireField f = pick(all, random, WireField.VARINT);
                if (f != null) {
                    f.value = random.nextInt(4) == 0 ? random.nextInt(40) : VARINT_VALUES[random.nextInt(VARINT_VALUES.length)];
                }
            }
            case FORGE_FIXED -> {
                WireField f = pick(all, random, random.nextBoolean() ? WireField.I32 : WireField.I64);
                if (f == null) {
                    f = pick(all, random, WireField.I32);
                }
                if (f != null) {
                    float v = FLOAT_VALUES[random.nextInt(FLOAT_VALUES.length)];
                    f.value = f.wireType == WireField.I32 ? Float.floatToRawIntBits(v) & 0xffffffffL
                            : Double.doubleToRawLongBits(v);
                }
            }
            case FORGE_TENSOR_VALUE -> {
                List<WireField> small = all.stream().filter(f -> f.wireType == WireField.LEN && f.nested == null
                        && f.bytes.length > 0 && f.bytes.length <= 256 && f.bytes.length % 4 == 0).toList();
                if (!small.isEmpty()) {
                    WireField f = small.get(random.nextInt(small.size()));
                    int width = f.bytes.length % 8 == 0 && random.nextBoolean() ? 8 : 4;
                    int at = random.nextInt(f.bytes.length / width) * width;
                    long v = random.nextInt(3) == 0 ? Float.floatToRawIntBits(FLOAT_VALUES[random.nextInt(FLOAT_VALUES.length)])
                            : VARINT_VALUES[random.nextInt(VARINT_VALUES.length)];
                    byte[] b = f.bytes.clone();
                    for (int i = 0; i < width; i++) {
                        b[at + i] = (byte) (v >>> (8 * i));
                    }
                    f.bytes = b;
                }
            }
            case FORGE_LENGTH -> {
                WireField f = pick(all, random, WireField.LEN);
                if (f != null) {
                    int real = f.payload().length;
                    f.forgedLength = switch (random.nextInt(4)) {
                        case 0 -> real + 1 + random.nextInt(16);
                        case 1 -> Math.max(0, real - 1 - random.nextInt(16));
                        case 2 -> (long) Integer.MAX_VALUE + random.nextInt(2);
                        default -> random.nextInt(real + 1);
                    };
                }
            }
            case RESIZE_PAYLOAD -> {
                WireField f = pickPayload(all, random);
                if (f != null) {
                    f.bytes = resized(f.bytes, random);
                }
            }
            case TRANSPLANT_FIELD -> {
                WireField to = pick(all, random, WireField.LEN);
                WireField from = pick(all, random, WireField.LEN);
                if (to != null && from != null && to != from && !contains(from, to)) {
                    WireField c = from.copy();
                    to.nested = c.nested;
                    to.bytes = c.bytes;
                }
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private static byte[] resized(byte[] b, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> Arrays.copyOf(b, Math.max(0, b.length - 1 - random.nextInt(Math.max(1, b.length))));
            case 2 -> Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
            default -> Arrays.copyOf(b, Math.max(0, b.length - 1));
        };
    }

    /** True when {@code inner} lies inside {@code outer}'s nested message (a transplant would recurse). */
    private static boolean contains(WireField outer, WireField inner) {
        return outer.nested != null && outer.nested.allFields().contains(inner);
    }

    private static WireMessage pickNonEmpty(WireMessage root, Random random) {
        List<WireMessage> messages = root.allMessages().stream().filter(x -> !x.fields.isEmpty()).toList();
        return messages.get(random.nextInt(messages.size()));
    }

    /** A random field of the wire type, or null when there is none. */
    private static WireField pick(List<WireField> all, Random random, int wireType) {
        List<WireField> of = all.stream().filter(f -> f.wireType == wireType).toList();
        return of.isEmpty() ? null : of.get(random.nextInt(of.size()));
    }

    private static WireField pickPayload(List<WireField> all, Random random) {
        List<WireField> of = all.stream().filter(f -> f.wireType == WireField.LEN && f.nested == null).toList();
        return of.isEmpty() ? null : of.get(random.nextInt(of.size()));
    }
}
