package dev.glint.codegen;

import dev.glint.codegen.kernels.Kernel;
import dev.glint.codegen.memory.MemoryPlan;
import dev.glint.ir.Graph;
import dev.glint.ir.Node;
import java.util.Map;

/**
 * A graph lowered to LLVM IR text, before LLVM has seen it: the entry's name, the kernel chosen for each
 * computing node (in execution order), the memory plan the code was written against, and the module text.
 */
public record LoweredGraph(Graph graph, TargetSpec target, String entryName, Map<Node, Kernel> kernels,
        MemoryPlan plan, String irText) {
    /** One line per node: its name, op and the kernel chosen for it. */
    public String kernelSummary() {
        return summarize(kernels);
    }

    static String summarize(Map<Node, Kernel> kernels) {
        StringBuilder sb = new StringBuilder();
        kernels.forEach((n, k) -> sb.append(n.name()).append(" = ").append(n.op()).append(": ")
                .append(k.description()).append('\n'));
        return sb.toString();
    }
}
