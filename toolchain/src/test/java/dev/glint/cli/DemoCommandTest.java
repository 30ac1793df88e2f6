package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code glint demo} through {@link Main#run}: its figures, its bundles and its JSON form. */
class DemoCommandTest {
    private static final Pattern TOP1 = Pattern.compile("(float|int8) top-1: +([0-9.]+)% \\((\\d+)/(\\d+)\\)");
    private static final Pattern LATENCY = Pattern.compile(
            "latency \\(median, batch 1\\): float ([0-9.]+) ms, int8 ([0-9.]+) ms; int8 is ([0-9.]+)x the speed of float");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private static Result glint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsAccuraciesAndLatenciesAndWritesBothBundles() throws Exception {
        Path out = dir.resolve("demo-out");
        Result r = glint("demo", "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err());

        Matcher m = TOP1.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals("float", m.group(1));
        double floatTop1 = Double.parseDouble(m.group(2));
        assertEquals("359", m.group(4), "the demo measures the whole held-out test split");
        assertEquals(Integer.parseInt(m.group(3)) * 100.0 / 359, floatTop1, 0.005);
        assertTrue(m.find(), r.out());
        assertEquals("int8", m.group(1));
        double int8Top1 = Double.parseDouble(m.group(2));
        assertTrue(floatTop1 >= 99.0, "the shipped model reaches 99% in float: " + r.out());
        assertTrue(floatTop1 - int8Top1 <= DemoCommand.MAX_DROP_POINTS, r.out());

        Matcher l = LATENCY.matcher(r.out());
        assertTrue(l.find(), r.out());
        double floatMs = Double.parseDouble(l.group(1));
        double int8Ms = Double.parseDouble(l.group(2));
        assertTrue(floatMs > 0 && int8Ms > 0, r.out());
        assertEquals(floatMs / int8Ms, Double.parseDouble(l.group(3)), 0.01 + 0.02 * floatMs / int8Ms, r.out());

        for (String arch : List.of("x86_64", "aarch64")) {
            for (String file : List.of("digits.o", "digits.h", "digits.weights.bin")) {
                Path p = out.resolve(arch).resolve(file);
                assertTrue(Files.size(p) > 0, p + " is empty");
                assertTrue(r.out().contains("wrote " + p), r.out());
            }
        }
        // The files are for the right machines: ELF e_machine 62 (x86-64) and 183 (AArch64).
        assertEquals(62, elfMachine(out.resolve("x86_64/digits.o")));
        assertEquals(183, elfMachine(out.resolve("aarch64/digits.o")));
    }

    @Test
    void quietJsonPrintsOneObject() {
        Result r = glint("demo", "--json", "--out", dir.resolve("j").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.out().strip().split("\n").length, r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(r.out(), "demo --json");
        double f = ((Number) o.get("float_top1")).doubleValue();
        double q = ((Number) o.get("int8_top1")).doubleValue();
        assertTrue(f >= 0.99 && 100 * (f - q) <= DemoCommand.MAX_DROP_POINTS, r.out());
        assertTrue(((Number) o.get("speedup")).doubleValue() > 0, r.out());
        assertEquals(6, ((List<?>) o.get("files")).size(), r.out());

        Result quiet = glint("demo", "--quiet", "--out", dir.resolve("q").toString());
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals(3, quiet.out().strip().split("\n").length, "only the figures: " + quiet.out());
    }

    private static int elfMachine(Path object) throws Exception {
        byte[] b = Files.readAllBytes(object);
        assertEquals(0x7f, b[0]);
        assertEquals('E', b[1]);
        return (b[18] & 0xff) | (b[19] & 0xff) << 8;
    }
}
