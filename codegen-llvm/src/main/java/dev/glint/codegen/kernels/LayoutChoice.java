package dev.glint.codegen.kernels;

import dev.glint.ir.Node;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A layer with a channels-first kernel and a channels-last one: it runs as {@code channelsFirst} unless
 * the layout step stores its data channels-last ({@link Layouts}), and then becomes
 * {@code channelsLast}. The tied inputs (the data) take the output's layout, whichever it is.
 */
record LayoutChoice(Kernel channelsFirst, Set<Integer> tiedInputs, Supplier<Kernel> channelsLast) implements Kernel {
    @Override
    public String description() {
        return channelsFirst.description();
    }

    @Override
    public long scratchBytes() {
        return channelsFirst.scratchBytes();
    }

    @Override
    public Map<String, byte[]> constantBlobs() {
        return channelsFirst.constantBlobs();
    }

    @Override
    public boolean readsInput(int index) {
        return channelsFirst.readsInput(index);
    }

    @Override
    public Kernel withActivation(float lo, float hi) {
        return channelsFirst.withActivation(lo, hi);
    }

    @Override
    public Node sharesOutputWith() {
        return channelsFirst.sharesOutputWith();
    }

    @Override
    public Set<Integer> layoutTiedInputs() {
        return tiedInputs;
    }

    @Override
    public Kernel withLayouts(Layouts layouts) {
        return layouts.allChannelsFirst() ? channelsFirst : channelsLast.get();
    }

    @Override
    public void emit(KernelContext ctx) {
        channelsFirst.emit(ctx);
    }
}
