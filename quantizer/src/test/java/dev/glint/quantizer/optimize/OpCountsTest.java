package dev.glint.quantizer.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.ir.Graph;
import dev.glint.ir.text.GraphParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpCountsTest {
    @Test
    void countsOperationsWithoutConstantsAndFloatComputeWithoutConversions() {
        Graph g = GraphParser.parse("""
                graph g(%x: f32[4]) {
                  %q = Quantize(%x) : i8[4]{scale=0.5,offset=0}
                  %c = Constant i8[4]{scale=0.5,offset=0} [1, 2, 3, 4]
                  %a = Add(%q, %c) : i8[4]{scale=1.0,offset=0}
                  %r = Rescale(%a) : i8[4]{scale=0.5,offset=0}
                  %d = Dequantize(%r) : f32[4]
                  %s = Sigmoid(%d) : f32[4]
                  %t = Relu(%s) : f32[4]
                  return %t
                }
                """);
        OpCounts c = OpCounts.of(g);
        assertEquals(Map.of("Quantize", 1, "Add", 1, "Rescale", 1, "Dequantize", 1, "Sigmoid", 1, "Relu", 1), c.byOp());
        assertEquals(List.of("Quantize", "Add", "Rescale", "Dequantize", "Sigmoid", "Relu"), List.copyOf(c.byOp().keySet()));
        assertEquals(2, c.floatComputeNodes());
        assertEquals(3, c.conversions());
        assertEquals(0, c.count("Conv"));
    }
}
