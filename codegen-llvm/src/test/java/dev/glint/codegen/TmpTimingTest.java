package dev.glint.codegen;

import org.junit.jupiter.api.Test;

class TmpTimingTest {
    @Test
    void time() {
        for (String cpu : new String[] {"znver4", "x86-64-v3", "x86-64", "znver4", "x86-64-v3"}) {
            TargetSpec t = new TargetSpec("x86_64-unknown-linux-gnu", cpu, "");
            long[] last = {System.nanoTime()};
            StringBuilder sb = new StringBuilder(cpu + ":");
            LoweringListener l = (step, dump) -> {
                long now = System.nanoTime();
                sb.append(String.format(" %s=%.0fms", step, (now - last[0]) / 1e6));
                last[0] = now;
            };
            var r = new ObjectEmitter(t, CodegenOptions.defaults().withListener(l)).emitAssembly(InstructionSelectionTest.convAndFullyConnected(), "isa");
            sb.append(String.format(" emit=%.0fms lines=%d irchars=%d", (System.nanoTime() - last[0]) / 1e6, r.text().split("\n").length, r.lowered().irText().length()));
            System.out.println("TIMING " + sb);
        }
    }
}
