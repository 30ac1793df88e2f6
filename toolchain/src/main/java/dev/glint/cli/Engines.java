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

    /**
     * Returns a factory for the named engine. Called before the model is loaded, so that a wrong name
     * is reported at once.
     */
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
