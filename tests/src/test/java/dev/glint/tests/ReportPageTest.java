package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glint.cli.Main;
import dev.glint.ir.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glint report} on the float MobileNetV2 with two calibration samples, rendered by headless
 * Chromium: the page the browser builds must show one histogram plot per quantized layer, each naming a
 * layer of the layer table.
 */
class ReportPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void chromiumShowsOneHistogramPerQuantizedLayer() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium (/usr/bin/chromium) is needed to render the page");
        Path model = SharedMaterial.resolve("models/mobilenetv2-float/mobilenetv2.onnx");
        Path data = SharedMaterial.resolve("data/imagenet-samples-npy/samples.npy");
        Path labels = SharedMaterial.resolve("data/imagenet-samples-npy/labels.npy");
        Path profile = tmp.resolve("p.json");
        Path page = tmp.resolve("report.html");
        assertEquals(0, glint("profile", model.toString(), "--data", data.toString(), "--limit", "2",
                "--out", profile.toString(), "--quiet"));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertEquals(0, glint(json, "report", model.toString(), "--profile", profile.toString(), "--data",
                data.toString(), "--labels", labels.toString(), "--limit", "2", "--timing-runs", "1", "--out",
                page.toString(), "--json", "--quiet"));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) Json.parse(json.toString(StandardCharsets.UTF_8), "report --json");
        int quantized = ((Number) summary.get("int8_layers")).intValue();
        assertTrue(quantized > 50, "MobileNetV2 has more than 50 integer layers: " + summary);

        String dom = renderedDom(page);
        List<String> plotted = attributeValues(dom, "<svg[^>]*class=\"histogram\"[^>]*>", "data-layer");
        assertEquals(quantized, plotted.size(), "one plot per quantized layer");
        List<String> tableLayers = attributeValues(dom, "<a href=\"#layer-\\d+\">[^<]*</a>", null);
        for (String layer : plotted) {
            assertTrue(tableLayers.contains(layer), "plot of '" + layer + "' belongs to a layer in the table");
        }
        assertTrue(dom.contains("top-1 agreement"), "summary figures are shown");
        assertFalse(dom.contains("<script"), "no scripts in the page");
    }

    /** The DOM Chromium builds from the page (--dump-dom), with a fresh browser profile. */
    private String renderedDom(Path page) throws Exception {
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile"), "--dump-dom", page.toUri().toString())
                .redirectError(tmp.resolve("chromium.log").toFile())
                .start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(tmp.resolve("chromium.log")));
        return new String(dom, StandardCharsets.UTF_8);
    }

    /** For each match of {@code elementRegex}: the named attribute's value, or (null) the element's text. */
    private static List<String> attributeValues(String dom, String elementRegex, String attribute) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile(elementRegex).matcher(dom);
        while (m.find()) {
            String element = m.group();
            if (attribute == null) {
                values.add(unescape(element.replaceAll("<[^>]*>", "")));
            } else {
                Matcher a = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(element);
                assertTrue(a.find(), "attribute " + attribute + " in " + element);
                values.add(unescape(a.group(1)));
            }
        }
        return values;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int glint(String... args) {
        return glint(new ByteArrayOutputStream(), args);
    }

    private static int glint(ByteArrayOutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        return status;
    }
}
