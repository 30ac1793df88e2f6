package dev.glint.codegen;

import dev.glint.codegen.memory.Allocation;
import dev.glint.codegen.memory.ConstantImage;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.runtime.EntryPoint;
import dev.glint.runtime.NativeBuffer;
import dev.glint.runtime.SharedLibrary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A graph compiled into this process. {@link #run} may be called from many threads at once: the constant
 * weights are uploaded once and shared, while each call takes its own mutable and activation buffers
 * from a pool (allocated on demand, so there are as many as calls ever ran concurrently). Closing waits
 * for running calls, then frees the JIT's code and all buffers; using a closed network is an
 * {@link IllegalStateException}.
 */
public final class CompiledNetwork implements AutoCloseable {
    private final LoweredGraph lowered;
    private final MemoryPlan plan;
    private final List<InputNode> inputs;
    private final Map<String, TensorType> outputTypes = new LinkedHashMap<>();
    private final EntryPoint entry;
    private final NativeBuffer constants;
    private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final double compileMillis;
    /** Releases the code behind {@link #entry}: the JIT that made it, or the loaded bundle library. */
    private final Runnable releaseCode;
    private volatile boolean closed;

    /** One call's private memory. */
    private record Workspace(NativeBuffer mutable, NativeBuffer activations) {
        void close() {
            mutable.close();
            activations.close();
        }
    }

    CompiledNetwork(LoweredGraph lowered, long entryAddress, Runnable releaseCode, double compileMillis) {
        this.lowered = lowered;
        this.plan = lowered.plan();
        this.releaseCode = releaseCode;
        this.compileMillis = compileMillis;
        Graph g = lowered.graph();
        this.inputs = List.copyOf(g.inputs());
        for (Graph.Output o : g.outputs()) {
            outputTypes.put(o.name(), o.node().type());
        }
        this.entry = new EntryPoint(lowered.entryName(), entryAddress, plan.constantBytes(), plan.mutableBytes(),
                plan.activationBytes(), () -> !closed);
        this.constants = NativeBuffer.allocate(plan.constantBytes());
        constants.putBytes(0, plan.constantImage());
    }

    /**
     * Runs a host bundle (a shared library linked from the object that lowering {@code lowered} produced)
     * through the same API as the JIT: the library is loaded into this process, its entry looked up, and
     * the network's constants, inputs and outputs laid out by {@code lowered}'s memory plan.
     */
    public static CompiledNetwork loadBundle(LoweredGraph lowered, Path sharedLibrary) {
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
     * (a mismatch is a {@link GlintException} naming the input); returns the outputs by name, typed as the
     * graph declares them.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputValues) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("compiled network '" + lowered.entryName() + "' is closed");
            }
            checkInputs(inputValues);
            Workspace pooled = workspaces.poll();
            Workspace ws = pooled != null ? pooled
                    : new Workspace(NativeBuffer.allocate(plan.mutableBytes()), NativeBuffer.allocate(plan.activationBytes()));
            try {
                for (InputNode in : inputs) {
                    write(ws.mutable(), plan.inputs().get(in.name()), inputValues.get(in.name()));
                }
                int status = entry.call(constants, ws.mutable(), ws.activations());
                if (status != 0) {
                    throw new IllegalStateException("'" + lowered.entryName() + "' returned status " + status);
                }
                Map<String, Tensor> out = new LinkedHashMap<>();
                outputTypes.forEach((name, type) -> out.put(name, read(ws.mutable(), plan.outputs().get(name), type)));
                return out;
            } finally {
                workspaces.offer(ws);
            }
        } finally {
            lifecycle.readLock().unlock();
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
        return closed;
    }

    /** Frees the code and every buffer, after waiting for running calls; closing twice is harmless. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Workspace ws; (ws = workspaces.poll()) != null; ) {
                ws.close();
            }
            constants.close();
            releaseCode.run();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
