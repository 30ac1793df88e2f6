package dev.glint.codegen.memory;

/**
 * A buffer in the activation region with its lifetime in execution steps: live from step {@code first}
 * (the node that writes it) to step {@code last} (its last reader), both inclusive. Two buffers whose
 * lifetimes intersect must not share bytes; the planner's tests check exactly that.
 */
public record LiveBuffer(String name, int first, int last, Allocation allocation) {
    public boolean liveTogetherWith(LiveBuffer o) {
        return first <= o.last && o.first <= last;
    }
}
