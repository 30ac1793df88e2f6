package dev.glint.quantizer;

import dev.glint.ir.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Per node: in which precision it runs, with what types, and, for nodes left in float, why. */
public final class QuantReport {
    /** One compute node of the converted graph. */
    public record Entry(String name, String origin, String op, String precision, TensorType outputType,
            String weights, String reason) {
        public boolean isFloat() {
            return precision.equals("float");
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry e) {
        entries.add(e);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Entries of compute nodes left in float. */
    public List<Entry> floatEntries() {
        return entries.stream().filter(Entry::isFloat).toList();
    }
}
