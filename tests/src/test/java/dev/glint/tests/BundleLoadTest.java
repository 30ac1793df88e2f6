package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.bundle.Bundle;
import dev.glint.bundle.BundleCompiler;
import dev.glint.bundle.SharedLibraryLinker;
import dev.glint.codegen.CodegenOptions;
import dev.glint.codegen.CompiledNetwork;
import dev.glint.codegen.JitCompiler;
import dev.glint.codegen.TargetSpec;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.onnx.OnnxImporter;
import dev.glint.ir.passes.Canonicalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host bundle linked into a {@code .so} runs back in the JVM through the same API as the JIT. */
class BundleLoadTest {
    @TempDir
    Path tmp;

    @Test
    void sharedLibraryBundleMatchesTheJit() throws Exception {
        Graph g = OnnxImporter.load(SharedMaterial.resolve("models/mnist-8/mnist.onnx"));
        Canonicalization.standardPipeline().run(g);
        TargetSpec host = TargetSpec.host();
        Bundle bundle = new BundleCompiler(host, CodegenOptions.defaults()).compile(g, "mnist", false);
        Path object = tmp.resolve("mnist.o");
        Files.write(object, bundle.object());
        Path library = tmp.resolve("mnist.so");
        SharedLibraryLinker.link(host, object, library);

        Tensor x = TestData.rampInput(g.inputs().get(0).type());
        Map<String, Tensor> in = Map.of(g.inputs().get(0).name(), x);
        Tensor fromJit;
        try (CompiledNetwork jit = new JitCompiler(host, CodegenOptions.defaults()).compile(g)) {
            fromJit = jit.run(in).values().iterator().next();
        }
        CompiledNetwork loaded = CompiledNetwork.loadBundle(bundle.lowered(), library);
        Tensor fromBundle = loaded.run(in).values().iterator().next();
        // same IR, same target: the same machine code, so the same bits
        assertEquals(fromJit, fromBundle);
        loaded.close();
        assertThrows(IllegalStateException.class, () -> loaded.run(in));
        System.out.println("bundle .so loaded into the JVM: output identical to the JIT's");
    }
}
