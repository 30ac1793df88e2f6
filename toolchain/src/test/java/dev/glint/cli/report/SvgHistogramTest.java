package dev.glint.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.quantizer.profile.Histogram;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgHistogramTest {
    private static Histogram histogram() {
        Histogram h = new Histogram(64);
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 10 == 0 ? 0 : i / 250f; // a spike at 0 and a flat part up to 4
        }
        h.add(v);
        return h;
    }

    @Test
    void barsKeepEveryCount() {
        Histogram h = histogram();
        long[] bars = new SvgHistogram(h, 0, 4, 0, 6).bars(-0.1, 6.1);
        assertEquals(h.total(), Arrays.stream(bars).sum());
    }

    @Test
    void marksTheClippingRangeWherePlotted() {
        HtmlWriter w = new HtmlWriter();
        new SvgHistogram(histogram(), 0, 4, -1, 3).writeTo(w, "conv<1>");
        String svg = w.toString();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" data-layer=\"conv&lt;1&gt;\""), svg);
        // Plot range [-1, 4] padded by 2 % each side; the edges sit at -1 and 3 on a 616-unit-wide plot.
        double lo = -1 - 0.1;
        double hi = 4 + 0.1;
        double plot = SvgHistogram.WIDTH - 24;
        Matcher m = Pattern.compile("<line class=\"edge\" x1=\"([0-9.]+)\"").matcher(svg);
        assertTrue(m.find());
        assertEquals(12 + (-1 - lo) / (hi - lo) * plot, Double.parseDouble(m.group(1)), 0.01);
        assertTrue(m.find());
        assertEquals(12 + (3 - lo) / (hi - lo) * plot, Double.parseDouble(m.group(1)), 0.01);
        assertTrue(svg.contains("<title>histogram of conv&lt;1&gt; with the clipping range [-1.000, 3.000]</title>"), svg);
    }
}
