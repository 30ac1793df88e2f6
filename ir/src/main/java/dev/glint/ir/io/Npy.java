package dev.glint.ir.io;

import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1–3, C order). Supported dtypes: float32,
 * float64 (read as float32), int8, uint8, int32, int64, in either byte order. Everything else is a
 * {@link GlintException} naming the file and the problem. Declared sizes are checked against the file
 * before anything is allocated.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** Reads a file; float64 becomes float32, int8/uint8/int32 stay integers, int64 stays i64. */
    public static Tensor read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new GlintException(path + ": no such file");
        } catch (IOException e) {
            throw new GlintException(path + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(bytes, path.toString());
    }

    /** Parses the bytes of an .npy file; {@code where} names it in error messages. */
    public static Tensor parse(byte[] bytes, String where) {
        if (bytes.length < 10) {
            throw new GlintException(where + ": not an .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new GlintException(where + ": not an .npy file (bad magic)");
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new GlintException(where + ": truncated .npy header");
            }
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new GlintException(where + ": unsupported .npy format version " + major);
        }
        if (headerStart + headerLen > bytes.length) {
            throw new GlintException(where + ": truncated .npy header");
        }
        String header = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, where);
        String descr = h.descr();
        if (h.fortranOrder()) {
            throw new GlintException(where + ": Fortran-order arrays are not supported (save in C order)");
        }
        int[] shape = h.shape();
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE - 16) {
                throw new GlintException(where + ": array of shape " + java.util.Arrays.toString(shape) + " is too large");
            }
        }
        Dtype dt = Dtype.parse(descr, where);
        int dataStart = headerStart + (int) headerLen;
        long need = count * dt.size;
        if (bytes.length - dataStart < need) {
            throw new GlintException(where + ": truncated data: shape " + java.util.Arrays.toString(shape) + " of "
                    + descr + " needs " + need + " bytes, file has " + (bytes.length - dataStart));
        }
        if (bytes.length - dataStart > need) {
            // More data than the header states means the header or the file is damaged; reading a prefix
            // would silently give the wrong array.
            throw new GlintException(where + ": " + (bytes.length - dataStart - need) + " bytes after the data that shape "
                    + java.util.Arrays.toString(shape) + " of " + descr + " needs");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(dt.order);
        int n = (int) count;
        switch (dt.kind) {
            case "f4": {
                float[] f = new float[n];
                data.asFloatBuffer().get(f);
                return Tensor.ofFloats(TensorType.f32(shape), f);
            }
            case "f8": {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) data.getDouble(i * 8);
                }
                return Tensor.ofFloats(TensorType.f32(shape), f);
            }
            case "i1":
            case "u1": {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = dt.kind.equals("i1") ? data.get(i) : data.get(i) & 0xff;
                }
                return Tensor.ofInts(TensorType.of(dt.kind.equals("i1") ? ElemKind.INT8 : ElemKind.UINT8, shape), v);
            }
            case "i4": {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                return Tensor.ofInts(TensorType.of(ElemKind.INT32, shape), v);
            }
            case "i8": {
                long[] v = new long[n];
                data.asLongBuffer().get(v);
                return Tensor.ofLongs(TensorType.of(ElemKind.INT64, shape), v);
            }
            default:
                throw new IllegalStateException(dt.kind);
        }
    }

    /** Writes a tensor as .npy version 1.0 (f32 as {@code <f4}, i8 {@code |i1}, u8 {@code |u1}, i32, i64). */
    public static void write(Path path, Tensor t) {
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(toBytes(t));
        } catch (IOException e) {
            throw new GlintException(path + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** The bytes of an .npy file holding {@code t}. */
    public static byte[] toBytes(Tensor t) {
        String descr = switch (t.type().kind()) {
            case FLOAT32 -> "<f4";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
        };
        int[] shape = t.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int d : shape) {
            sh.append(d).append(", ");
        }
        if (shape.length > 1) {
            sh.setLength(sh.length() - 2);
        } else if (shape.length == 1) {
            sh.setLength(sh.length() - 1);
        }
        sh.append(')');
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT,
                "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, sh));
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        int n = t.size();
        int elem = t.type().kind().bytes();
        ByteBuffer bb = ByteBuffer.allocate(10 + h.length + n * elem).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        for (int i = 0; i < n; i++) {
            switch (t.type().kind()) {
                case FLOAT32 -> bb.putFloat(t.floats()[i]);
                case INT8, UINT8 -> bb.put((byte) t.ints()[i]);
                case INT16 -> bb.putShort((short) t.ints()[i]);
                case INT32 -> bb.putInt(t.ints()[i]);
                case INT64 -> bb.putLong(t.longs()[i]);
            }
        }
        return bb.array();
    }

    private record Dtype(String kind, int size, ByteOrder order) {
        static Dtype parse(String descr, String where) {
            if (descr.length() < 3) {
                throw new GlintException(where + ": unsupported dtype '" + descr + "'");
            }
            char bo = descr.charAt(0);
            String kind = descr.substring(1);
            ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (bo != '<' && bo != '>' && bo != '|' && bo != '=') {
                throw new GlintException(where + ": unsupported dtype '" + descr + "'");
            }
            int size = switch (kind) {
                case "f4", "i4" -> 4;
                case "f8", "i8" -> 8;
                case "i1", "u1" -> 1;
                default -> throw new GlintException(where + ": unsupported dtype '" + descr
                        + "' (supported: float32, float64, int8, uint8, int32, int64)");
            };
            return new Dtype(kind, size, order);
        }
    }
}
