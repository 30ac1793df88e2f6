package dev.glint.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.codegen.llvm.Llvm;
import dev.glint.codegen.llvm.LlvmException;
import dev.glint.codegen.llvm.LlvmModule;
import dev.glint.ir.ElemKind;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.interp.Interpreter;
import dev.glint.ir.text.GraphParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.llvm.global.LLVM;
import org.junit.jupiter.api.Test;

class CompiledNetworkTest {
    private static final String NET = """
            graph net(%x: f32[1,2,5,5], %q: i8[4]{scale=0.5,offset=1}) {
              %w = Constant f32[3,2,3,3] [%W]
              %c = Conv(%x, %w) {pads=[1,1,1,1]}
              %r = Relu(%c)
              %qq = Rescale(%q) : u8[4]{scale=0.25,offset=128}
              return %r, %qq
            }
            """.replace("%W", FloatKernelsTest.numbers(54));

    private static CompiledNetwork compile(String text) {
        return new JitCompiler(TargetSpec.host(), CodegenOptions.defaults()).compile(GraphParser.parse(text));
    }

    @Test
    void closedNetworkRefusesToRun() {
        Graph g = GraphParser.parse(NET);
        Map<String, Tensor> in = JitTester.randomInputs(g, 1);
        CompiledNetwork net = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults()).compile(g);
        net.run(in);
        net.close();
        assertTrue(net.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.run(in));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        net.close(); // harmless
    }

    @Test
    void wrongInputsAreGlintExceptionsNamingTheInput() {
        try (CompiledNetwork net = compile(NET)) {
            Tensor q = Tensor.ofInts(new TensorType(ElemKind.INT8, new int[] {4}, null), new int[] {1, 2, 3, 4});
            Tensor badShape = Tensor.ofFloats(new float[50], 1, 2, 5, 5, 1);
            GlintException shape = assertThrows(GlintException.class, () -> net.run(Map.of("x", badShape, "q", q)));
            assertTrue(shape.getMessage().contains("'x'") && shape.getMessage().contains("f32[1,2,5,5]"), shape.getMessage());
            Tensor badKind = Tensor.ofInts(TensorType.of(ElemKind.INT8, 1, 2, 5, 5), new int[50]);
            GlintException kind = assertThrows(GlintException.class, () -> net.run(Map.of("x", badKind, "q", q)));
            assertTrue(kind.getMessage().contains("'x'"), kind.getMessage());
            GlintException missing = assertThrows(GlintException.class, () -> net.run(Map.of("q", q)));
            assertTrue(missing.getMessage().contains("'x'"), missing.getMessage());
            Tensor x = Tensor.ofFloats(new float[50], 1, 2, 5, 5);
            GlintException extra = assertThrows(GlintException.class, () -> net.run(Map.of("x", x, "q", q, "z", q)));
            assertTrue(extra.getMessage().contains("'z'"), extra.getMessage());
            Map<String, Tensor> out = net.run(Map.of("x", x, "q", q)); // still usable after refusals
            assertEquals(new TensorType(ElemKind.UINT8, new int[] {4},
                    dev.glint.ir.QuantParams.perTensor(0.25f, 128)), out.get("qq").type(), "declared output type");
        }
    }

    @Test
    void manyThreadsShareOneNetwork() throws Exception {
        Graph g = GraphParser.parse(NET);
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(JitTester.randomInputs(g, i));
            expected.add(Interpreter.run(g, inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (CompiledNetwork net = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults()).compile(g)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 50; k++) {
                        int i = (thread * 7 + k) % inputs.size();
                        JitTester.assertClose(expected.get(i), net.run(inputs.get(i)), "thread " + thread + " run " + k);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void unsupportedOperationIsAGlintException() {
        String conv3d = """
                graph c3(%x: f32[1,1,3,3,3]) {
                  %w = Constant f32[1,1,1,1,1] [2.0]
                  %y = Conv(%x, %w)
                  return %y
                }
                """;
        GlintException e = assertThrows(GlintException.class, () -> compile(conv3d));
        assertTrue(e.getMessage().contains("Conv node 'y'") && e.getMessage().contains("not supported by codegen yet"),
                e.getMessage());
    }

    @Test
    void brokenLlvmIrIsAnExceptionWithLlvmsMessage() {
        String doesNotParse = "define i32 @f() {\n  ret i64 0\n}\n";
        String doesNotVerify = """
                define i32 @f(i1 %c) {
                entry:
                  br i1 %c, label %a, label %b
                a:
                  %x = add i32 1, 2
                  br label %b
                b:
                  ret i32 %x
                }
                """;
        synchronized (Llvm.LOCK) {
            var context = LLVM.LLVMContextCreate();
            try {
                LlvmException parse = assertThrows(LlvmException.class, () -> LlvmModule.parse(context, doesNotParse, "bad"));
                assertTrue(parse.getMessage().contains("does not parse"), parse.getMessage());
                try (LlvmModule m = LlvmModule.parse(context, doesNotVerify, "bad")) {
                    LlvmException verify = assertThrows(LlvmException.class, m::verify);
                    assertTrue(verify.getMessage().contains("does not dominate"), verify.getMessage());
                }
            } finally {
                LLVM.LLVMContextDispose(context);
            }
        }
    }

    @Test
    void listenerSeesEveryStepInOrder() {
        List<String> steps = new ArrayList<>();
        Map<String, String> dumps = new HashMap<>();
        LoweringListener l = (step, dump) -> {
            steps.add(step);
            dumps.put(step, dump.get());
        };
        try (CompiledNetwork net = new JitCompiler(TargetSpec.host(), CodegenOptions.defaults().withListener(l))
                .compile(GraphParser.parse(NET))) {
            assertEquals(List.of("verify graph", "select kernels", "assign layouts", "fuse activations", "plan memory", "emit LLVM IR", "parse LLVM IR",
                    "verify LLVM module", "optimize O3"), steps);
            assertTrue(dumps.get("select kernels").contains("c = Conv: float conv 3x3"), dumps.get("select kernels"));
            assertTrue(dumps.get("plan memory").contains("activations:"), dumps.get("plan memory"));
            assertTrue(dumps.get("emit LLVM IR").contains("define i32 @glint_net(ptr noalias align 64 %constantWeight"));
            assertTrue(dumps.get("optimize O3").matches("(?s).*define [^\\n]*i32 @glint_net\\(.*"), "optimized entry");
            assertTrue(net.compileMillis() > 0);
        }
    }
}
