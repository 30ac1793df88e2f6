package dev.glint.codegen.memory;

/** The three memory regions of a compiled network (see DESIGN.md, "Bundles"). */
public enum Region {
    /** Weights and tables known at compile time; read-only, shared by all calls. */
    CONSTANT("constantWeight"),
    /** Graph inputs and outputs; written by the caller before, read after each call. */
    MUTABLE("mutableWeight"),
    /** Scratch for intermediate values, reused as values die; one per concurrent call. */
    ACTIVATION("activations");

    private final String argument;

    Region(String argument) {
        this.argument = argument;
    }

    /** The name of the entry point's parameter that points at this region. */
    public String argument() {
        return argument;
    }
}
