package dev.glint.codegen;

import dev.glint.codegen.irgen.FunctionWriter;
import dev.glint.codegen.irgen.Ir;
import dev.glint.codegen.irgen.IrModule;
import dev.glint.codegen.irgen.IrModule.Param;
import dev.glint.codegen.kernels.Kernel;
import dev.glint.codegen.kernels.KernelContext;
import dev.glint.codegen.kernels.ThreadTeam;
import dev.glint.codegen.kernels.Threads;
import dev.glint.codegen.memory.Allocation;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.codegen.memory.Region;
import dev.glint.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the LLVM module of a lowered graph: one internal function per computing node (shared by nodes
 * whose functions come out identical), taking pointers to exactly the buffers its kernel uses, and the entry
 * {@code i32 @NAME(ptr %constantWeight, ptr %mutableWeight, ptr %activations)}, which calls them in
 * order with pointers computed from the memory plan, copies the outputs that are not written in place,
 * and returns 0. With more than one thread every node function also takes the call's thread team
 * ({@code ThreadTeam}, on the entry's stack when some kernel splits its work, else null), and the entry
 * joins the team's workers before it returns.
 */
final class ModuleWriter {
    private final TargetSpec target;
    private final MemoryPlan plan;
    private final IrModule module;
    private final Threads threads;
    /** The node functions' thread team parameter (with more than one thread). */
    private static final String TEAM = "team";

    ModuleWriter(String moduleName, TargetSpec target, MemoryPlan plan, Threads threads) {
        this.target = target;
        this.threads = threads;
        this.plan = plan;
        this.module = new IrModule(moduleName);
    }

    /** A node function's parameters: which buffer each one points at. */
    private record Binding(Param param, Allocation allocation) {}

    String write(String entryName, Map<Node, Kernel> kernels) {
        List<Map.Entry<String, List<Binding>>> calls = new ArrayList<>();
        int index = 0;
        for (Map.Entry<Node, Kernel> e : kernels.entrySet()) {
            Node node = e.getKey();
            Kernel kernel = e.getValue();
            String fn = "node." + index++ + "." + Ir.sanitize(node.name());
            List<Binding> bindings = bindings(node, kernel);
            List<Param> params = new ArrayList<>(bindings.stream().map(Binding::param).toList());
            if (threads.count() > 1) {
                params.add(new Param("ptr", TEAM, ""));
            }
            // noinline: each kernel is optimized on its own, with its noalias parameters intact; inlining
            // them all into the entry made optimization time grow much faster than the graph
            FunctionWriter f = module.function("internal", "void", fn, params, "nounwind noinline");
            kernel.emit(new Context(node, f, kernel));
            calls.add(Map.entry(module.deduplicate(f), bindings));
        }
        FunctionWriter entry = module.function("", "i32", entryName, List.of(Param.pointer(Region.CONSTANT.argument()),
                Param.pointer(Region.MUTABLE.argument()), Param.pointer(Region.ACTIVATION.argument())), "nounwind");
        String team = threads.count() > 1 ? ThreadTeam.begin(entry, threads.count()) : null;
        for (Map.Entry<String, List<Binding>> call : calls) {
            List<String> args = new ArrayList<>();
            for (Binding b : call.getValue()) {
                args.add("ptr " + pointer(entry, b.allocation()));
            }
            if (threads.count() > 1) {
                args.add("ptr " + team);
            }
            entry.call("void", call.getKey(), args.toArray(new String[0]));
        }
        for (MemoryPlan.OutputCopy copy : plan.outputCopies()) {
            entry.memcpy(pointer(entry, copy.to()), pointer(entry, copy.from()), copy.to().bytes());
        }
        if (threads.count() > 1) {
            ThreadTeam.end(entry, team);
        }
        entry.ret("i32", "0");
        return module.text();
    }

    private List<Binding> bindings(Node node, Kernel kernel) {
        List<Binding> b = new ArrayList<>();
        for (int i = 0; i < node.numInputs(); i++) {
            if (kernel.readsInput(i)) {
                b.add(new Binding(Param.input("in" + i), plan.valueOf(node.input(i))));
            }
        }
        for (String name : kernel.constantBlobs().keySet()) {
            b.add(new Binding(Param.input("data." + Ir.sanitize(name)), plan.blob(node, name)));
        }
        if (kernel.scratchBytes() > 0) {
            b.add(new Binding(Param.output("scratch"), plan.scratchOf(node)));
        }
        b.add(new Binding(Param.output("out"), plan.valueOf(node)));
        return b;
    }

    private static String pointer(FunctionWriter f, Allocation a) {
        return f.byteOffset("%" + a.region().argument(), a.offset());
    }

    /** Binds a kernel to its function's parameters. */
    private final class Context implements KernelContext {
        private final Node node;
        private final FunctionWriter f;
        private final Kernel kernel;
        private final Map<String, String> blobs = new LinkedHashMap<>();

        Context(Node node, FunctionWriter f, Kernel kernel) {
            this.node = node;
            this.f = f;
            this.kernel = kernel;
            for (String name : kernel.constantBlobs().keySet()) {
                blobs.put(name, "%data." + Ir.sanitize(name));
            }
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public TargetSpec target() {
            return target;
        }

        @Override
        public FunctionWriter f() {
            return f;
        }

        @Override
        public String input(int index) {
            if (!kernel.readsInput(index)) {
                throw new IllegalStateException(kernel.description() + " declared that it does not read input " + index);
            }
            return "%in" + index;
        }

        @Override
        public String output() {
            return "%out";
        }

        @Override
        public String scratch() {
            if (kernel.scratchBytes() <= 0) {
                throw new IllegalStateException(kernel.description() + " asked for no scratch");
            }
            return "%scratch";
        }

        @Override
        public Threads threads() {
            return threads;
        }

        @Override
        public String team() {
            if (threads.count() <= 1) {
                return KernelContext.super.team();
            }
            return "%" + TEAM;
        }

        @Override
        public String blob(String name) {
            String p = blobs.get(name);
            if (p == null) {
                throw new IllegalStateException(kernel.description() + " has no constant data '" + name + "'");
            }
            return p;
        }
    }
}
