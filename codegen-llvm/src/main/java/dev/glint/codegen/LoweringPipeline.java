package dev.glint.codegen;

import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.kernels.Kernel;
import dev.glint.codegen.kernels.Threads;
import dev.glint.codegen.kernels.KernelSelector;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.codegen.llvm.TargetMachines;
import dev.glint.codegen.memory.BufferRequirements;
import dev.glint.codegen.memory.MemoryLimit;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.codegen.memory.MemoryPlanner;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import dev.glint.ir.Verifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.global.LLVM;

/**
 * Lowers a graph to an optimized LLVM module for one target, as a fixed list of named steps; the
 * {@link LoweringListener} sees the result of each:
 * <ol>
 *   <li>{@code verify graph} — the graph is internally consistent;</li>
 *   <li>{@code select kernels} — each computing node gets the kernel for this target;</li>
 *   <li>{@code assign layouts} — activations passed between layers that can take them channels-last are
 *       stored so ({@link LayoutAssignment}; skipped when the options ask for channels-first only);</li>
 *   <li>{@code fuse activations} — float Relu and Clip done in their producer's epilogue where it can
 *       ({@link ActivationFusion});</li>
 *   <li>{@code plan memory} — constant, mutable and activation regions, refused when they exceed the
 *       options' {@link MemoryLimit};</li>
 *   <li>{@code emit LLVM IR} — one function per node and the entry, as text;</li>
 *   <li>{@code parse LLVM IR} — into an LLVM module for the target's triple and data layout;</li>
 *   <li>{@code verify LLVM module};</li>
 *   <li>{@code optimize O3} — LLVM's {@code default<O3>} pipeline tuned for the target machine.</li>
 * </ol>
 * The first six steps are plain Java ({@link #lower}); the last three need an LLVM context ({@link #compile}),
 * which the JIT and the object emitter provide differently.
 */
public final class LoweringPipeline {
    private final TargetSpec target;
    private final LoweringListener listener;
    private final CodegenOptions options;
    private final long memoryLimit;

    public LoweringPipeline(TargetSpec target, CodegenOptions options) {
        this.target = target;
        this.listener = options.listener();
        this.options = options;
        this.memoryLimit = options.memoryLimit();
    }

    public TargetSpec target() {
        return target;
    }

    /** Steps 1–6: from a graph to LLVM IR text, with kernels and memory plan. */
    public LoweredGraph lower(Graph graph, String entryName) {
        String entry = Ir.sanitize(entryName);
        Verifier.verify(graph);
        listener.afterStep("verify graph", () -> "graph '" + graph.name() + "': " + graph.opCounts());
        Threads threads = ThreadBudget.threads(graph, options);
        Map<Node, Kernel> kernels = selectKernels(graph, new KernelSelector(target, options.dotProduct(), threads));
        listener.afterStep("select kernels", () -> LoweredGraph.summarize(kernels) + (options.threads() > 1
                ? "\nthreads: " + threads.count() + " of " + options.threads() + " requested" : ""));
        if (options.channelsLast()) {
            Set<Node> channelsLast = LayoutAssignment.apply(graph, kernels);
            listener.afterStep("assign layouts", () -> channelsLast.size() + " value(s) stored channels-last\n"
                    + LoweredGraph.summarize(kernels));
        }
        int fused = ActivationFusion.apply(graph, kernels);
        listener.afterStep("fuse activations", () -> fused + " activation(s) fused into their producer");
        MemoryPlan plan = MemoryPlanner.plan(graph, requirements(kernels));
        listener.afterStep("plan memory", plan::describe);
        MemoryLimit.check(plan, memoryLimit, graph.name());
        String ir = new ModuleWriter(entry, target, plan, threads).write(entry, kernels);
        listener.afterStep("emit LLVM IR", () -> ir);
        return new LoweredGraph(graph, target, entry, kernels, plan, ir);
    }

    /** Steps 7–9: parses the IR in {@code context}, verifies it and optimizes it for the target. */
    public LlvmModule compile(LoweredGraph lowered, LLVMContextRef context) {
        LLVMTargetMachineRef tm = TargetMachines.create(target);
        try {
            LlvmModule module = LlvmModule.parse(context, lowered.irText(), lowered.entryName());
            try {
                module.setTarget(tm);
                listener.afterStep("parse LLVM IR", module::print);
                module.verify();
                listener.afterStep("verify LLVM module", () -> "module '" + lowered.entryName() + "' verified");
                module.runPasses("default<O3>", tm);
                listener.afterStep("optimize O3", module::print);
                return module;
            } catch (RuntimeException e) {
                module.close();
                throw e;
            }
        } finally {
            LLVM.LLVMDisposeTargetMachine(tm);
        }
    }

    private static Map<Node, Kernel> selectKernels(Graph graph, KernelSelector selector) {
        Map<Node, Kernel> kernels = new LinkedHashMap<>();
        for (Node n : MemoryPlanner.computingNodes(graph)) {
            kernels.put(n, selector.select(n));
        }
        return kernels;
    }

    private static BufferRequirements requirements(Map<Node, Kernel> kernels) {
        return new BufferRequirements() {
            @Override
            public long scratchBytes(Node node) {
                return kernels.get(node).scratchBytes();
            }

            @Override
            public Map<String, byte[]> constantBlobs(Node node) {
                return kernels.get(node).constantBlobs();
            }

            @Override
            public boolean readsInput(Node node, int index) {
                return kernels.get(node).readsInput(index);
            }

            @Override
            public Node sharesOutputWith(Node node) {
                return kernels.get(node).sharesOutputWith();
            }
        };
    }
}
