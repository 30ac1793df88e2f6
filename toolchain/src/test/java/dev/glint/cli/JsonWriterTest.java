package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesNestedContainersWithCommas() {
        String json = new JsonWriter().beginObject()
                .name("n").value(3)
                .name("f").value(0.25)
                .name("list").beginArray().value("a").value(true).beginObject().endObject().endArray()
                .name("none").value((String) null)
                .endObject().toString();
        assertEquals("{\"n\":3,\"f\":0.25,\"list\":[\"a\",true,{}],\"none\":null}", json);
    }

    @Test
    void escapesStrings() {
        String json = new JsonWriter().value("q\"b\\n\nt\t\u0001é").toString();
        assertEquals("\"q\\\"b\\\\n\\nt\\t\\u0001é\"", json);
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,1.0e-5]", new JsonWriter().beginArray().value(Double.NaN)
                .value(Double.POSITIVE_INFINITY).value(1e-5).endArray().toString());
    }

    @Test
    void rejectsMisuse() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
    }
}
