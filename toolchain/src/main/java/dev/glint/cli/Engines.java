package dev.glint.cli;

import dev.glint.codegen.CodegenOptions;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import java.util.function.Function;

/** Chooses an engine by the name given to {@code --engine}. */
public final class Engines {
    /** The engine used when {@code --engine} is not given. */
    public static final String DEFAULT = "jit";

    private Engines() {}

    /** A factory for the named engine with the default code generation options. */
    public static Function<Graph, Engine> forName(String name) {
        return forName(name, CodegenOptions.defaults());
    }

    /**
     * As {@link #forName(String)}, with the code generation options (e.g. the thread count) that a
     * compiling engine uses; the interpreter ignores them.
     */
    public static Function<Graph, Engine> forName(String name, CodegenOptions options) {
        return switch (name) {
            case "interpreter" -> InterpreterEngine::new;
            case "jit" -> graph -> new JitEngine(graph, options);
            default -> throw new GlintException("unknown engine '" + name + "' (engines: interpreter, jit)");
        };
    }
}
