package dev.glint.codegen.kernels;

import java.util.Set;

/**
 * How a kernel's 4-D operands are stored: channels-first ({@code [n][c][h][w]}, the graph's NCHW) unless
 * listed here as channels-last ({@code [n][h][w][c]}). Consecutive layers that both prefer channels-last
 * (matrix-product convolutions, depthwise convolutions, elementwise operations between them) then pass
 * their activations without the transposing copies each would otherwise make.
 *
 * @param channelsLastInputs the indices of the inputs stored channels-last
 * @param channelsLastOutput whether the output is stored channels-last
 */
public record Layouts(Set<Integer> channelsLastInputs, boolean channelsLastOutput) {
    /** Every operand channels-first, as the graph says. */
    public static final Layouts CHANNELS_FIRST = new Layouts(Set.of(), false);

    public Layouts {
        channelsLastInputs = Set.copyOf(channelsLastInputs);
    }

    /** Whether input {@code index} is stored channels-last. */
    public boolean input(int index) {
        return channelsLastInputs.contains(index);
    }

    public boolean allChannelsFirst() {
        return channelsLastInputs.isEmpty() && !channelsLastOutput;
    }

    @Override
    public String toString() {
        return "inputs " + (channelsLastInputs.isEmpty() ? "NCHW" : channelsLastInputs + " NHWC") + ", output "
                + (channelsLastOutput ? "NHWC" : "NCHW");
    }
}
