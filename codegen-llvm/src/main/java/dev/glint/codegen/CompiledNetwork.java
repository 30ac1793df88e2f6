package dev.glint.codegen;

import dev.glint.codegen.memory.Allocation;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.codegen.memory.MemoryLimit;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.runtime.EntryPoint;
import dev.glint.runtime.NativeBuffer;
import dev.glint.runtime.NativeLifetime;
import dev.glint.runtime.SharedLibrary;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A graph compiled into this process. {@link #run} may be called from many threads at once: the constant
 * weights are uploaded once and shared, while each call takes its own mutable and activation buffers
 * from a pool (allocated on demand, so there are as many as calls ever ran concurrently).
 *
 * <p>Native resources (the JIT's code or the loaded bundle, the constant weights, the pooled buffers)
 * are released deterministically by {@link #close()}, which waits for the calls in progress and may be
 * called any number of times; a {@link Cleaner} releases them if a network is dropped unclosed, through
 * the same idempotent release, so nothing is ever freed twice. Running a closed network is an
 * {@link IllegalStateException}.
 */
public final class CompiledNetwork implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final LoweredGraph lowered;
    private final MemoryPlan plan;
    private final List<InputNode> inputs;
    private final Map<String, TensorType> outputTypes = new LinkedHashMap<>();
    private final EntryPoint entry;
    private final NativeLifetime lifetime;
    private final NativeResources resources;
    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private final double compileMillis;

    /** One call's private memory. */
    private record Workspace(NativeBuffer mutable, NativeBuffer activations) {
        void close() {
            mutable.close();
            activations.close();
        }
    }

    /** Everything native a network owns; it must not refer to the network, so that the cleaner can run. */
    private static final class NativeResources {
        private final NativeBuffer constants;
        private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();
        /** Releases the code behind the entry: the JIT that made it, or the loaded bundle library. */
        private final Runnable releaseCode;

        NativeResources(NativeBuffer constants, Runnable releaseCode) {
            this.constants = constants;
            this.releaseCode = releaseCode;
        }

        void free() {
            try {
                for (Workspace ws; (ws = workspaces.poll()) != null; ) {
                    ws.close();
                }
                constants.close();
            } finally {
                releaseCode.run(); // the code goes even if a buffer could not
            }
        }
    }

    /** The one release, shared by {@link #close()} and the cleaner: waits for running calls, frees once. */
    private record Release(NativeLifetime lifetime, NativeResources resources) implements Runnable {
        @Override
        public void run() {
            lifetime.close(resources::free);
        }
    }

    /**
     * Takes ownership of the code at {@code entryAddress}: {@code releaseCode} unloads it when the network
     * is closed. If construction fails, the caller still owns the code and must release it.
     */
    CompiledNetwork(LoweredGraph lowered, long entryAddress, Runnable releaseCode, double compileMillis) {
        this.lowered = lowered;
        this.plan = lowered.plan();
        this.compileMillis = compileMillis;
        Graph g = lowered.graph();
        this.inputs = List.copyOf(g.inputs());
        for (Graph.Output o : g.outputs()) {
            outputTypes.put(o.name(), o.node().type());
        }
        checkRegionSize("constant weights", plan.constantBytes());
        checkRegionSize("mutable weights", plan.mutableBytes());
        checkRegionSize("activations", plan.activationBytes());
        this.lifetime = new NativeLifetime("compiled network '" + lowered.entryName() + "'");
        this.entry = new EntryPoint(lowered.entryName(), entryAddress, plan.constantBytes(), plan.mutableBytes(),
                plan.activationBytes(), lifetime);
        NativeBuffer constants = NativeBuffer.allocate(plan.constantBytes());
        try {
            constants.putBytes(0, plan.constantImage());
        } catch (RuntimeException e) {
            constants.close();
            throw e;
        }
        this.resources = new NativeResources(constants, releaseCode);
        this.release = new Release(lifetime, resources);
        this.cleanable = CLEANER.register(this, release);
    }

    /** A region larger than one native buffer can hold is refused before anything is allocated. */
    private void checkRegionSize(String region, long bytes) {
        if (bytes > NativeBuffer.MAX_SIZE) {
            throw new GlintException("model '" + lowered.graph().name() + "' needs " + MemoryLimit.format(bytes) + " of "
                    + region + ", more than the " + MemoryLimit.format(NativeBuffer.MAX_SIZE)
                    + " one native buffer can hold");
        }
    }

    /**
     * Runs a host bundle (a shared library linked from the object that lowering {@code lowered} produced)
     * through the same API as the JIT: the library is loaded into this process, its entry looked up, and
     * the network's constants, inputs and outputs laid out by {@code lowered}'s memory plan. The plan must
     * be the one the library was compiled with (the bundle's {@link LoweredGraph}), for the host's target.
     */
    public static CompiledNetwork loadBundle(LoweredGraph lowered, Path sharedLibrary) {
        Objects.requireNonNull(lowered, "lowered");
        Objects.requireNonNull(sharedLibrary, "sharedLibrary");
        HostCompatibility.check(lowered.target(), sharedLibrary.toString());
        long start = System.nanoTime();
        SharedLibrary library = SharedLibrary.open(sharedLibrary);
        try {
            long entry = library.symbol(lowered.entryName());
            return new CompiledNetwork(lowered, entry, library::close, (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
            library.close();
            throw e;
        }
    }

    /**
     * Runs the network. {@code inputs} maps every graph input's name to a tensor of its kind and shape
     * (a mismatch, a missing or an unknown name is a {@link GlintException} naming the input); returns the
     * outputs by name, typed as the graph declares them. A closed network is an {@link IllegalStateException}.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputValues) {
        return withInputs(inputValues, ws -> {
            call(ws);
            Map<String, Tensor> out = new LinkedHashMap<>();
            outputTypes.forEach((name, type) -> out.put(name, read(ws.mutable(), plan.outputs().get(name), type)));
            return out;
        });
    }

    /**
     * Times the compiled code alone, for kernel benchmarks: writes {@code inputValues} once (checked as
     * in {@link #run}), then calls the entry {@code calls} times in a row on the same memory and returns
     * each call's wall time in nanoseconds. Nothing is copied between calls, so Java's conversion of
     * inputs and outputs, which {@link #run} includes, is not measured.
     */
    public long[] timeCalls(Map<String, Tensor> inputValues, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        return withInputs(inputValues, ws -> {
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                call(ws);
                nanos[i] = System.nanoTime() - start;
            }
            return nanos;
        });
    }

    /** Checks the inputs, writes them into a pooled workspace and applies {@code work} to it, while the network lives. */
    private <T> T withInputs(Map<String, Tensor> inputValues, java.util.function.Function<Workspace, T> work) {
        Objects.requireNonNull(inputValues, "inputs");
        lifetime.enter();
        try {
            checkInputs(inputValues);
            Workspace pooled = resources.workspaces.poll();
            Workspace ws = pooled != null ? pooled : newWorkspace();
            try {
                for (InputNode in : inputs) {
                    write(ws.mutable(), plan.inputs().get(in.name()), inputValues.get(in.name()));
                }
                return work.apply(ws);
            } finally {
                resources.workspaces.offer(ws);
            }
        } finally {
            lifetime.leave();
            // the cleaner must not free the network's memory while this call still uses it
            Reference.reachabilityFence(this);
        }
    }

    private void call(Workspace ws) {
        int status = entry.call(resources.constants, ws.mutable(), ws.activations());
        if (status != 0) {
            throw new IllegalStateException("'" + lowered.entryName() + "' returned status " + status);
        }
    }

    private Workspace newWorkspace() {
        NativeBuffer mutable = NativeBuffer.allocate(plan.mutableBytes());
        try {
            return new Workspace(mutable, NativeBuffer.allocate(plan.activationBytes()));
        } catch (RuntimeException | OutOfMemoryError e) {
            mutable.close();
            throw e;
        }
    }

    private void checkInputs(Map<String, Tensor> values) {
        for (InputNode in : inputs) {
            Tensor t = values.get(in.name());
            if (t == null) {
                throw new GlintException("no value given for graph input '" + in.name() + "' (" + in.type() + ")");
            }
            if (!t.type().sameKindAndShape(in.type())) {
                throw new GlintException("graph input '" + in.name() + "' expects " + in.type() + ", got " + t.type());
            }
        }
        for (String name : values.keySet()) {
            if (inputs.stream().noneMatch(i -> i.name().equals(name))) {
                throw new GlintException("'" + name + "' is not an input of the graph");
            }
        }
    }

    private static void write(NativeBuffer buffer, Allocation slot, Tensor t) {
        if (t.type().kind() == ElemKind.FLOAT32) {
            buffer.putFloats(slot.offset(), t.floats());
        } else {
            buffer.putBytes(slot.offset(), ConstantImage.encode(t));
        }
    }

    private static Tensor read(NativeBuffer buffer, Allocation slot, TensorType type) {
        if (type.kind() == ElemKind.FLOAT32) {
            float[] f = new float[type.numElements()];
            buffer.getFloats(slot.offset(), f);
            return Tensor.ofFloats(type, f);
        }
        byte[] bytes = new byte[(int) slot.bytes()];
        buffer.getBytes(slot.offset(), bytes);
        return ConstantImage.decode(type, bytes);
    }

    /** The lowered form: entry name, kernels, memory plan and LLVM IR text before optimization. */
    public LoweredGraph lowered() {
        return lowered;
    }

    public MemoryPlan memoryPlan() {
        return plan;
    }

    /** Wall-clock time from graph to callable code (lowering, LLVM optimization and JIT code generation). */
    public double compileMillis() {
        return compileMillis;
    }

    public boolean isClosed() {
        return lifetime.isClosed();
    }

    /**
     * Frees the code and every buffer, after waiting for the calls in progress; closing twice (or from
     * several threads) is harmless. A thread cannot close a network from inside its own {@link #run}.
     */
    @Override
    public void close() {
        release.run(); // may refuse (closing from inside a call): then the cleaner stays registered
        cleanable.clean(); // only deregisters: the release above already happened
    }
}
