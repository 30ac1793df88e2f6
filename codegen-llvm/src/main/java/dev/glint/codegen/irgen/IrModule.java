package dev.glint.codegen.irgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An LLVM IR module under construction, as text: intrinsic declarations (collected automatically from
 * calls), private constant tables, and functions written through {@link FunctionWriter}. The text is
 * parsed by LLVM afterwards, so what is written here is exactly what one reads in a dump.
 */
public final class IrModule {
    private final String name;
    private final Map<String, String> declarations = new TreeMap<>();
    private final StringBuilder globals = new StringBuilder();
    private final Set<String> globalNames = new HashSet<>();
    private final List<FunctionWriter> functions = new ArrayList<>();
    private final StringBuilder metadata = new StringBuilder();
    private int metadataCount;
    private final Map<String, String> tablesByContent = new HashMap<>();
    private final Map<String, String> functionsByBody = new HashMap<>();

    public IrModule(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Starts a function. {@code linkage} is e.g. {@code "internal"} or {@code ""}, {@code params} the
     * parameters with their attributes, {@code attributes} the function's own (e.g. {@code "nounwind"});
     * the body is written through the returned writer.
     */
    public FunctionWriter function(String linkage, String returnType, String functionName, List<Param> params,
            String attributes) {
        if (!globalNames.add(functionName)) {
            throw new IllegalArgumentException("duplicate function @" + functionName);
        }
        FunctionWriter f = new FunctionWriter(this, linkage, returnType, functionName, params, attributes);
        functions.add(f);
        return f;
    }

    /** Whether a function or global named {@code functionName} is defined already (for code shared by kernels). */
    public boolean defines(String functionName) {
        return globalNames.contains(functionName);
    }

    /** Declares a function defined outside the module (e.g. from the C library); {@code line} is the full {@code declare}. */
    public void declareExternal(String functionName, String line) {
        declare(functionName, line);
    }

    /** Records a function declaration (idempotent); {@code line} is the full {@code declare ...} text. */
    void declare(String functionName, String line) {
        declarations.putIfAbsent(functionName, line);
    }

    /**
     * Adds a private constant array {@code @name = private unnamed_addr constant [n x type] [...]} and
     * returns its symbol. Used for small tables (window bounds, per-channel multipliers) that kernels index
     * at run time; large data goes to the constant-weight region instead.
     */
    public String constantTable(String tableName, String elemType, List<String> values) {
        StringBuilder content = new StringBuilder("[").append(values.size()).append(" x ").append(elemType).append("] [");
        for (int i = 0; i < values.size(); i++) {
            content.append(i == 0 ? "" : ", ").append(elemType).append(' ').append(values.get(i));
        }
        content.append(']');
        // equal tables are shared, so that kernels of equally shaped layers write equal code
        String existing = tablesByContent.get(content.toString());
        if (existing != null) {
            return existing;
        }
        String symbol = uniqueGlobal(tableName);
        globals.append(symbol).append(" = private unnamed_addr constant ").append(content).append(", align 64\n");
        tablesByContent.put(content.toString(), symbol);
        return symbol;
    }

    /**
     * Drops {@code f} if an earlier function has the same signature and body, and returns the name to
     * call instead (else {@code f}'s own name). Layers of equal shapes and parameters get equal kernels
     * (their data comes through pointers), so a network with repeated blocks is optimized and compiled
     * once per distinct layer.
     */
    public String deduplicate(FunctionWriter f) {
        String body = f.text().replace("@" + f.name() + "(", "@(");
        String existing = functionsByBody.putIfAbsent(body, f.name());
        if (existing == null) {
            return f.name();
        }
        functions.remove(f);
        return existing;
    }

    /** A constant table of 64-bit integers. */
    public String longTable(String tableName, long[] values) {
        List<String> v = new ArrayList<>(values.length);
        for (long x : values) {
            v.add(Long.toString(x));
        }
        return constantTable(tableName, "i64", v);
    }

    /** A constant table of floats. */
    public String floatTable(String tableName, float[] values) {
        List<String> v = new ArrayList<>(values.length);
        for (float x : values) {
            v.add(Ir.f32(x));
        }
        return constantTable(tableName, "float", v);
    }

    /**
     * A fresh {@code !llvm.loop} node carrying {@code properties} (e.g. {@code !{!"llvm.loop.unroll.count", i32 4}});
     * each loop needs its own (distinct, self-referencing) node.
     */
    String loopMetadata(List<String> properties) {
        int self = metadataCount++;
        StringBuilder node = new StringBuilder("!" + self + " = distinct !{!" + self);
        List<String> ids = new ArrayList<>();
        for (String p : properties) {
            int id = metadataCount++;
            ids.add("!" + id + " = " + p);
            node.append(", !").append(id);
        }
        metadata.append(node).append("}\n");
        ids.forEach(line -> metadata.append(line).append('\n'));
        return "!" + self;
    }

    private String uniqueGlobal(String base) {
        String b = Ir.sanitize(base);
        String candidate = b;
        for (int i = 1; !globalNames.add(candidate); i++) {
            candidate = b + "." + i;
        }
        return "@" + candidate;
    }

    /** The complete module text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("; ModuleID = '").append(name).append("'\n");
        sb.append("source_filename = \"").append(name).append("\"\n\n");
        if (globals.length() > 0) {
            sb.append(globals).append('\n');
        }
        for (FunctionWriter f : functions) {
            sb.append(f.text()).append('\n');
        }
        for (String d : declarations.values()) {
            sb.append(d).append('\n');
        }
        if (metadata.length() > 0) {
            sb.append('\n').append(metadata);
        }
        return sb.toString();
    }

    /** A function parameter: type, name (without {@code %}) and attributes. */
    public record Param(String type, String name, String attributes) {
        /** A pointer that no other parameter aliases, aligned to 64 bytes, only read. */
        public static Param input(String name) {
            return new Param("ptr", name, "noalias nocapture readonly align 64");
        }

        /** A pointer that no other parameter aliases, aligned to 64 bytes. */
        public static Param output(String name) {
            return new Param("ptr", name, "noalias nocapture align 64");
        }

        /** A plain pointer (the entry point's region arguments). */
        public static Param pointer(String name) {
            return new Param("ptr", name, "noalias align 64");
        }
    }
}
