package dev.glint.bundle;

import dev.glint.ir.ElemKind;
import java.util.Arrays;
import java.util.List;

/** The stable numbers bundle headers give element types (GLINT_ELEM_*); never renumber. */
final class ElemCodes {
    private ElemCodes() {}

    record Code(String name, int value) {}

    static Code of(ElemKind kind) {
        return switch (kind) {
            case FLOAT32 -> new Code("FLOAT32", 0);
            case INT8 -> new Code("INT8", 1);
            case UINT8 -> new Code("UINT8", 2);
            case INT16 -> new Code("INT16", 3);
            case INT32 -> new Code("INT32", 4);
            case INT64 -> new Code("INT64", 5);
        };
    }

    static List<Code> all() {
        return Arrays.stream(ElemKind.values()).map(ElemCodes::of).toList();
    }
}
