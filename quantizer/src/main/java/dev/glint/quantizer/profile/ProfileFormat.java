package dev.glint.quantizer.profile;

import dev.glint.ir.GlintException;
import dev.glint.ir.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link Profile}:
 * <pre>{"format": "glint-profile", "version": 1, "tool": ..., "modelSha256": ..., "samples": n,
 *  "inputs": {"name": [dims]}, "values": {"name": {"min": f, "max": f,
 *  "histogram": {"lo": d, "width": d, "counts": [..]}}}}</pre>
 * Reading validates everything and reports the first problem with the file name.
 */
public final class ProfileFormat {
    private static final String FORMAT = "glint-profile";
    private static final int MAX_BINS = 1 << 20;
    /**
     * Largest sample or histogram count accepted (and largest sum of one histogram's counts): 2^53, exact
     * in a double and far beyond any calibration run, so sums can never overflow.
     */
    private static final long MAX_COUNT = 1L << 53;

    private ProfileFormat() {}

    public static String toJson(Profile p) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("tool", p.toolVersion());
        root.put("modelSha256", p.modelHash());
        root.put("samples", p.samples());
        Map<String, Object> inputs = new LinkedHashMap<>();
        p.inputShapes().forEach(inputs::put);
        root.put("inputs", inputs);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ValueProfile> e : p.values().entrySet()) {
            ValueProfile v = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min", v.min());
            m.put("max", v.max());
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("lo", v.histogram().lo());
            h.put("width", v.histogram().width());
            h.put("counts", v.histogram().counts());
            m.put("histogram", h);
            values.put(e.getKey(), m);
        }
        root.put("values", values);
        return Json.write(root);
    }

    public static void write(Path path, Profile p) {
        try {
            Files.writeString(path, toJson(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GlintException(path + ": cannot write profile (" + e.getMessage() + ")");
        }
    }

    public static Profile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GlintException(path + ": no such file");
        } catch (IOException e) {
            throw new GlintException(path + ": cannot read profile (" + e.getMessage() + ")");
        }
        return fromJson(text, path.toString());
    }

    public static Profile fromJson(String text, String where) {
        Object parsed = Json.parse(text, where);
        Map<String, Object> root = object(parsed, where, "profile");
        if (!FORMAT.equals(root.get("format"))) {
            throw new GlintException(where + ": not a Glint profile (missing \"format\": \"" + FORMAT + "\")");
        }
        String hash = string(root.get("modelSha256"), where, "modelSha256");
        String tool = string(root.get("tool"), where, "tool");
        long samples = integer(root.get("samples"), where, "samples", MAX_COUNT);
        Map<String, int[]> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(root.get("inputs"), where, "inputs").entrySet()) {
            List<Object> dims = list(e.getValue(), where, "inputs." + e.getKey());
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) integer(dims.get(i), where, "inputs." + e.getKey(), Integer.MAX_VALUE);
            }
            inputs.put(e.getKey(), shape);
        }
        Map<String, ValueProfile> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object(root.get("values"), where, "values").entrySet()) {
            String what = "values." + e.getKey();
            Map<String, Object> v = object(e.getValue(), where, what);
            float min = number(v.get("min"), where, what + ".min").floatValue();
            float max = number(v.get("max"), where, what + ".max").floatValue();
            Map<String, Object> h = object(v.get("histogram"), where, what + ".histogram");
            double lo = number(h.get("lo"), where, what + ".histogram.lo").doubleValue();
            double width = number(h.get("width"), where, what + ".histogram.width").doubleValue();
            List<Object> c = list(h.get("counts"), where, what + ".histogram.counts");
            if (c.size() < 2 || c.size() % 2 != 0 || c.size() > MAX_BINS) {
                throw new GlintException(where + ": " + what + ".histogram.counts must have an even number of bins");
            }
            long[] counts = new long[c.size()];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = integer(c.get(i), where, what + ".histogram.counts", MAX_COUNT);
                total += counts[i];
                if (total > MAX_COUNT) {
                    throw new GlintException(where + ": " + what + ".histogram.counts add up to more than " + MAX_COUNT);
                }
            }
            // The histogram's upper edge must be finite too, or bin centres and calibration become NaN.
            double hi = lo + width * counts.length;
            if (!(width > 0) || !Double.isFinite(lo) || !Double.isFinite(width) || !Double.isFinite(hi)
                    || !(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
                throw new GlintException(where + ": " + what + ": invalid range or histogram");
            }
            values.put(e.getKey(), ValueProfile.of(min, max, Histogram.of(lo, width, counts)));
        }
        return new Profile(hash, inputs, tool, samples, values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String where, String what) {
        if (!(o instanceof Map)) {
            throw new GlintException(where + ": '" + what + "' must be a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String where, String what) {
        if (!(o instanceof List)) {
            throw new GlintException(where + ": '" + what + "' must be a JSON array");
        }
        return new ArrayList<>((List<Object>) o);
    }

    private static Number number(Object o, String where, String what) {
        if (!(o instanceof Number n)) {
            throw new GlintException(where + ": '" + what + "' must be a number");
        }
        return n;
    }

    /** A whole number from 0 to {@code max} (written as an integer or as an integral double). */
    private static long integer(Object o, String where, String what, long max) {
        Number n = number(o, where, what);
        boolean whole = n instanceof Long || n.doubleValue() == Math.rint(n.doubleValue());
        if (!whole || n.doubleValue() < 0 || n.doubleValue() > max) {
            throw new GlintException(where + ": '" + what + "' must be a whole number from 0 to " + max + ", got " + n);
        }
        return n.longValue();
    }

    private static String string(Object o, String where, String what) {
        if (!(o instanceof String s)) {
            throw new GlintException(where + ": '" + what + "' must be a string");
        }
        return s;
    }
}
