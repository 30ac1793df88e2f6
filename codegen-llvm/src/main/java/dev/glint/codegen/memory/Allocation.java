package dev.glint.codegen.memory;

/** A byte range {@code [offset, offset + bytes)} in one region. */
public record Allocation(Region region, long offset, long bytes) {
    public long end() {
        return offset + bytes;
    }

    /** True when both ranges are in the same region and share at least one byte. */
    public boolean overlaps(Allocation o) {
        return region == o.region && bytes > 0 && o.bytes > 0 && offset < o.end() && o.offset < end();
    }

    @Override
    public String toString() {
        return region.argument() + "[" + offset + ", " + end() + ")";
    }
}
