package dev.glint.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlWriterTest {
    @Test
    void escapesTextAndAttributes() {
        String html = new HtmlWriter().element("p", "a<b & \"c\" 'd'", "title", "x\"><script>'").toString();
        assertEquals("<p title=\"x&quot;&gt;&lt;script&gt;&#39;\">a&lt;b &amp; \"c\" 'd'</p>", html);
    }

    @Test
    void leavesOutNullAttributesAndClosesEmptySvgElements() {
        HtmlWriter w = new HtmlWriter().open("div", "class", null).empty("br");
        w.open("svg").empty("rect", "x", "1").close("svg").close("div");
        assertEquals("<div><br><svg><rect x=\"1\"/></svg></div>", w.toString());
    }

    @Test
    void refusesMisuse() {
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().open("p").close("div"));
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().open("p").toString());
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p onclick=x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p", "on click", "x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().style("</style><script>"));
    }
}
