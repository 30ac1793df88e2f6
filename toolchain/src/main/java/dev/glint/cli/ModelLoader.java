package dev.glint.cli;

import dev.glint.ir.Graph;
import java.nio.file.Path;

/** Turns a model file into a graph. The commands receive one, so tests can hand them a graph directly. */
@FunctionalInterface
public interface ModelLoader {
    /** Loads the model; a bad or missing file is a {@link dev.glint.ir.GlintException} naming it. */
    Graph load(Path model);
}
