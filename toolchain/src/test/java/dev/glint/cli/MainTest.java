package dev.glint.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.ElemKind;
import dev.glint.ir.Graph;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Json;
import dev.glint.ir.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, through {@link Main#run} and {@link Main#execute}. */
class MainTest {
    @TempDir
    Path dir;

    /** Exit status and everything printed by one invocation. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private static Result capture(Invocation invocation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = invocation.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private interface Invocation {
        int run(PrintStream out, PrintStream err);
    }

    /** {@code glint ARGS} with the real default collaborators. */
    private static Result glint(String... args) {
        return capture((out, err) -> Main.run(args, out, err));
    }

    /** {@code glint ARGS} where every model file loads as {@code model}. */
    private static Result glintWith(Graph model, String... args) {
        Main main = new Main(path -> model, graph -> "digraph \"" + graph.name() + "\" {}\n", false, false);
        return capture((out, err) -> main.execute(args, out, err));
    }

    private Path npy(String name, Tensor t) {
        Path p = dir.resolve(name);
        Npy.write(p, t);
        return p;
    }

    private static void assertOneErrorLine(Result r, String... fragments) {
        assertEquals(1, r.errLines().size(), "stderr: " + r.err());
        assertTrue(r.err().startsWith("glint: "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' not in: " + r.err());
        }
    }

    // ---- help and command-line mistakes ----

    @Test
    void helpListsTheCommands() {
        Result r = glint("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("inspect") && r.out().contains("run") && r.out().contains("eval"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void helpForACommandShowsItsUsageAndOptions() {
        Result r = glint("help", "eval");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("usage: glint eval MODEL.onnx --data X.npy|DIR [--preprocess SPEC] [--labels L.npy|FILE]"), r.out());
        assertTrue(r.out().contains("--limit N"), r.out());
        assertEquals(r.out(), glint("eval", "--help").out());
    }

    @Test
    void noArgumentsPrintsHelpAndFails() {
        Result r = glint();
        assertEquals(2, r.status());
        assertTrue(r.err().contains("commands:"), r.err());
    }

    @Test
    void exportOnnxWithoutProfileIsOneLineError() {
        Result r = glintWith(TestModels.classifier(), "export-onnx", "m.onnx", "--out", dir.resolve("q.onnx").toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, "export-onnx needs --profile P.json");
    }

    @Test
    void unknownCommandIsBadInputWithUsage() {
        Result r = glint("frobnicate", "m.onnx");
        assertEquals(2, r.status());
        assertEquals(List.of("glint: unknown command 'frobnicate'; commands: inspect, profile, run, eval, bench, compile, export-onnx, report, demo",
                "usage: glint COMMAND [ARGS...]   (glint --help lists the commands)"), r.errLines());
        assertEquals(2, glint("help", "frobnicate").status());
    }

    @Test
    void unknownOptionAndMissingArgumentPrintTheUsageLine() {
        Result unknown = glintWith(TestModels.classifier(), "inspect", "m.onnx", "--colour");
        assertEquals(2, unknown.status());
        assertEquals("glint: inspect: unknown option '--colour'", unknown.errLines().get(0));
        assertTrue(unknown.errLines().get(1).startsWith("usage: glint inspect MODEL.onnx [--dot FILE] [--json] [--profile P.json]"),
                unknown.err());
        assertEquals(2, unknown.errLines().size());

        Result missing = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", "x.npy");
        assertEquals(2, missing.status());
        assertEquals("glint: run: missing --out Y.npy|DIR", missing.errLines().get(0));
        assertTrue(missing.errLines().get(1).startsWith("usage: glint run MODEL.onnx"));
    }

    @Test
    void missingModelFileIsOneLine() {
        Path absent = dir.resolve("absent.onnx");
        Result r = glint("inspect", absent.toString());
        assertEquals(2, r.status());
        assertEquals(List.of("glint: " + absent + ": no such file"), r.errLines());
        assertEquals(2, glint("inspect", dir.toString()).status());
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithoutStackTrace() {
        Main main = new Main(path -> {
            throw new IllegalStateException("boom");
        }, graph -> "", false, false);
        Result r = capture((out, err) -> main.execute(new String[] {"inspect", "m.onnx"}, out, err));
        assertEquals(3, r.status());
        assertEquals("glint: internal error: java.lang.IllegalStateException: boom", r.errLines().get(0));
        assertFalse(r.err().contains("\tat "), r.err());

        Main debugging = new Main(path -> {
            throw new IllegalStateException("boom");
        }, graph -> "", false, true);
        Result d = capture((out, err) -> debugging.execute(new String[] {"inspect", "m.onnx"}, out, err));
        assertEquals(3, d.status());
        assertTrue(d.err().contains("\tat "), d.err());
    }

    @Test
    void userErrorsNeverShowAStackTraceEvenWhenDebugging() {
        Main debugging = new Main(path -> {
            throw new dev.glint.ir.GlintException(path + ": not an ONNX model");
        }, graph -> "", false, true);
        Result r = capture((out, err) -> debugging.execute(new String[] {"inspect", "m.onnx"}, out, err));
        assertEquals(2, r.status());
        assertEquals(List.of("glint: m.onnx: not an ONNX model"), r.errLines());
    }

    // ---- inspect ----

    @Test
    void inspectReportsInterfaceSizeAndOps() {
        Result r = glintWith(TestModels.classifier(), "inspect", "m.onnx");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("x  f32[1,4]"), r.out());
        assertTrue(r.out().contains("scores  f32[1,3]"), r.out());
        assertTrue(r.out().contains("nodes       3  (1 operations, 2 constants)"), r.out());
        assertTrue(r.out().contains("parameters  15 elements, 60 bytes"), r.out());
        assertTrue(r.out().contains("  FullyConnected  1"), r.out()); // the canonical form of this Gemm
    }

    @Test
    void inspectJsonIsOneObject() {
        Result r = glintWith(TestModels.classifier(), "inspect", "m.onnx", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"model\":\"m.onnx\",\"graph\":\"tiny-classifier\","
                + "\"inputs\":[{\"name\":\"x\",\"type\":\"f32[1,4]\"}],"
                + "\"outputs\":[{\"name\":\"scores\",\"type\":\"f32[1,3]\"}],"
                + "\"nodes\":3,\"operations\":1,\"constants\":2,\"parameters\":15,\"parameter_bytes\":60,"
                + "\"opCounts\":{\"FullyConnected\":1},\"floatComputeNodes\":1}\n", r.out());
    }

    @Test
    void inspectWritesGraphviz() throws IOException {
        Path dot = dir.resolve("g.dot");
        Result r = glintWith(TestModels.classifier(), "inspect", "m.onnx", "--dot", dot.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("digraph \"tiny-classifier\" {}\n", Files.readString(dot));
    }

    // ---- run ----

    @Test
    void runWritesTheSingleOutput() {
        Path x = npy("x.npy", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 4)); // reshaped to [1,4]
        Path y = dir.resolve("sub/y.npy");
        Result r = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out", y.toString());
        assertEquals(0, r.status(), r.err());
        Tensor out = Npy.read(y);
        assertEquals(TensorType.f32(1, 3), out.type());
        assertArrayEquals(TestModels.classifierScores(new float[] {1, 2, 3, 4}), out.floats());
    }

    @Test
    void runConvertsIntegerInputsToFloat() {
        Path x = npy("x.npy", Tensor.ofInts(TensorType.of(ElemKind.UINT8, 2, 2), new int[] {200, 1, 7, 255}));
        Path y = dir.resolve("y.npy");
        Result r = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out", y.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(TestModels.classifierScores(new float[] {200, 1, 7, 255}), Npy.read(y).floats());
    }

    @Test
    void runFeedsNamedInputsAndWritesEachOutputIntoADirectory() {
        Path a = npy("a.npy", Tensor.ofFloats(new float[] {-1, 2, -3, 4}, 2, 2));
        Path b = npy("b.npy", Tensor.ofFloats(new float[] {10, 20, 30, 40}, 2, 2));
        Path outDir = dir.resolve("outs");
        Result r = glintWith(TestModels.twoInTwoOut(), "run", "m.onnx", "--input", "b=" + b, "--input", "a=" + a,
                "--out", outDir.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new float[] {9, 22, 27, 44}, Npy.read(outDir.resolve("sum.npy")).floats());
        assertArrayEquals(new float[] {0, 2, 0, 4}, Npy.read(outDir.resolve("relu_out_1.npy")).floats());
    }

    // ---- --memory-limit ----

    @Test
    void modelOverTheMemoryLimitIsRefusedInOneLine() {
        Path x = npy("x.npy", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 4));
        Result run = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out",
                dir.resolve("y.npy").toString(), "--memory-limit", "64");
        assertEquals(2, run.status());
        assertOneErrorLine(run, "model '", "of native memory", "limit is 0.1 KiB (--memory-limit)");
        assertFalse(Files.exists(dir.resolve("y.npy")));

        Result compile = glintWith(TestModels.classifier(), "compile", "m.onnx", "--out", dir.resolve("b").toString(),
                "--memory-limit", "64");
        assertEquals(2, compile.status());
        assertOneErrorLine(compile, "limit is 0.1 KiB (--memory-limit)");

        Result generous = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out",
                dir.resolve("y.npy").toString(), "--memory-limit", "512M");
        assertEquals(0, generous.status(), generous.err());
    }

    @Test
    void benchMeasuresEitherLayout() {
        for (String layout : new String[] {"", "--channels-first"}) {
            List<String> args = new java.util.ArrayList<>(List.of("bench", "m.onnx", "--iterations", "3", "--warmup", "0", "--json"));
            if (!layout.isEmpty()) {
                args.add(layout);
            }
            Result r = glintWith(TestModels.classifier(), args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("\"median_ms\":"), r.out());
        }
    }

    @Test
    void malformedMemoryLimitIsOneLine() {
        Result r = glintWith(TestModels.classifier(), "bench", "m.onnx", "--memory-limit", "lots");
        assertEquals(2, r.status());
        assertOneErrorLine(r, "--memory-limit: memory size 'lots' is not a size such as 512M or 2G");
        Result zero = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", "x.npy", "--labels", "l.npy",
                "--memory-limit", "0G");
        assertEquals(2, zero.status());
        assertOneErrorLine(zero, "--memory-limit: memory size '0G' is out of range");
    }

    @Test
    void badThreadCountsAndWeightBitsAreOneLine() throws IOException {
        String model = Files.writeString(dir.resolve("m.onnx"), "stands in for the model the loader gives").toString();
        Result zero = glintWith(TestModels.classifier(), "compile", model, "--out", dir.resolve("b").toString(),
                "--threads", "0");
        assertEquals(2, zero.status());
        assertOneErrorLine(zero, "--threads: 0 is not between 1 and 256");
        Result list = glintWith(TestModels.classifier(), "compile", model, "--out", dir.resolve("b").toString(),
                "--threads", "1,2");
        assertEquals(2, list.status());
        assertOneErrorLine(list, "--threads: give one thread count for a bundle, got 2");
        Path[] d = dataset();
        Path profile = dir.resolve("p.json");
        Result profiled = glintWith(TestModels.classifier(), "profile", model, "--data", d[0].toString(),
                "--out", profile.toString(), "--quiet");
        assertEquals(0, profiled.status(), profiled.err());
        Result bits = glintWith(TestModels.classifier(), "eval", model, "--data", d[0].toString(), "--labels",
                d[1].toString(), "--profile", profile.toString(), "--weight-bits", "6");
        assertEquals(2, bits.status());
        assertOneErrorLine(bits, "--weight-bits: '6' is not 7 or 8");
        Result seven = glintWith(TestModels.classifier(), "eval", model, "--data", d[0].toString(), "--labels",
                d[1].toString(), "--profile", profile.toString(), "--weight-bits", "7", "--json");
        assertEquals(0, seven.status(), seven.err());
        Result threaded = glintWith(TestModels.classifier(), "compile", model, "--out", dir.resolve("t").toString(),
                "--threads", "2", "--quiet");
        assertEquals(0, threaded.status(), threaded.err());
    }

    @Test
    void runRejectsAWrongSizedInputNamingBothShapes() {
        Path x = npy("x.npy", Tensor.ofFloats(new float[6], 2, 3));
        Result r = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out",
                dir.resolve("y.npy").toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, "input 'x' expects f32[1,4] (4 elements); " + x + " holds f32[2,3] (6 elements)");
    }

    @Test
    void runRejectsAnUnsupportedDtype() throws IOException {
        byte[] bytes = Npy.toBytes(Tensor.ofFloats(new float[4], 4));
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<f2'");
        Path x = dir.resolve("half.npy");
        Files.write(x, text.getBytes(StandardCharsets.ISO_8859_1));
        Result r = glintWith(TestModels.classifier(), "run", "m.onnx", "--input", x.toString(), "--out",
                dir.resolve("y.npy").toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, x.toString(), "<f2");
    }

    @Test
    void runNeedsNamesForSeveralInputsAndADirectoryForSeveralOutputs() {
        Path a = npy("a.npy", Tensor.ofFloats(new float[4], 2, 2));
        Result unnamed = glintWith(TestModels.twoInTwoOut(), "run", "m.onnx", "--input", a.toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(2, unnamed.status());
        assertOneErrorLine(unnamed, "2 inputs", "NAME=FILE.npy");

        Result missing = glintWith(TestModels.twoInTwoOut(), "run", "m.onnx", "--input", "a=" + a, "--out",
                dir.resolve("o").toString());
        assertEquals(2, missing.status());
        assertOneErrorLine(missing, "no value for input 'b'");

        Result notAnInput = glintWith(TestModels.twoInTwoOut(), "run", "m.onnx", "--input", "c=" + a, "--out",
                dir.resolve("o").toString());
        assertEquals(2, notAnInput.status());
        assertOneErrorLine(notAnInput, "'c' is not an input of the model");

        Result file = glintWith(TestModels.twoInTwoOut(), "run", "m.onnx", "--input", "a=" + a, "--input", "b=" + a,
                "--out", dir.resolve("o.npy").toString());
        assertEquals(2, file.status());
        assertOneErrorLine(file, "2 outputs", "must name a directory");
    }

    @Test
    void jitAndInterpreterEnginesAgree() {
        Path x = npy("x.npy", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4));
        for (String engine : new String[] {"jit", "interpreter"}) {
            Path y = dir.resolve("y-" + engine + ".npy");
            Result r = glintWith(TestModels.classifier(), "run", "m.onnx", "--engine", engine, "--input", x.toString(),
                    "--out", y.toString());
            assertEquals(0, r.status(), r.err());
            assertArrayEquals(TestModels.classifierScores(new float[] {1, 2, 3, 4}), Npy.read(y).floats(), 1e-6f);
        }
        Result bad = glintWith(TestModels.classifier(), "run", "m.onnx", "--engine", "gpu", "--input", x.toString(),
                "--out", "y.npy");
        assertEquals(2, bad.status());
        assertOneErrorLine(bad, "unknown engine 'gpu'");
    }

    // ---- eval ----

    /** Five samples of shape [2,2]; the classifier gets all but the last right. */
    private Path[] dataset() {
        float[] samples = {
            5, 0, 0, 0,   // class 0
            0, 3, 0, 0,   // class 1
            0, 0, 4, 0,   // class 2
            1, 0, 0, 9,   // class 0 (x[3] is ignored by the model)
            0, 1, 1, 0};  // scores 0, 2, 1.5: predicted 1, labelled 2
        Path data = npy("data.npy", Tensor.ofFloats(samples, 5, 2, 2));
        Path labels = npy("labels.npy", Tensor.ofLongs(new long[] {0, 1, 2, 0, 2}, 5));
        return new Path[] {data, labels};
    }

    @Test
    void evalPrintsTop1() {
        Path[] d = dataset();
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(), "--labels",
                d[1].toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("float top-1: 80.00% (4/5)\n", r.out());
        assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
    }

    @Test
    void evalJsonIsExactlyOneObject() {
        Path[] d = dataset();
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(), "--labels",
                d[1].toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"samples\":5,\"float_top1\":0.8}\n", r.out());
    }

    @Test
    void reportDrawsOnePlotPerIntegerLayerAndSummarisesAsJson() throws IOException {
        Path model = Files.writeString(dir.resolve("m.onnx"), "stands in for the model the loader gives");
        Path[] d = dataset();
        Path profile = dir.resolve("p.json");
        Result profiled = glintWith(TestModels.classifier(), "profile", model.toString(), "--data", d[0].toString(),
                "--out", profile.toString(), "--quiet");
        assertEquals(0, profiled.status(), profiled.err());
        Path page = dir.resolve("report.html");
        Result r = glintWith(TestModels.classifier(), "report", model.toString(), "--profile", profile.toString(),
                "--data", d[0].toString(), "--labels", d[1].toString(), "--out", page.toString(), "--timing-runs", "1",
                "--json");
        assertEquals(0, r.status(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(r.out(), "report --json");
        assertEquals(5, ((Number) json.get("samples")).intValue());
        assertEquals(0.8, ((Number) json.get("float_top1")).doubleValue(), 1e-12);
        int integerLayers = ((Number) json.get("int8_layers")).intValue();
        assertEquals(1, integerLayers, "the Gemm runs in int8");
        String html = Files.readString(page);
        assertEquals(integerLayers, html.split("<svg ", -1).length - 1, "one plot per integer layer");
        assertTrue(html.contains("data-layer=\"scores\""), "the plot names its layer");
        assertFalse(html.contains("<script"), "a static page");
        assertOneErrorLine(glintWith(TestModels.classifier(), "report", model.toString(), "--data", d[0].toString(),
                "--out", page.toString()), "report needs --profile P.json");
    }

    @Test
    void evalLimitAndMinimumAccuracy() {
        Path[] d = dataset();
        Result limited = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(), "--labels",
                d[1].toString(), "--limit", "4");
        assertEquals("float top-1: 100.00% (4/4)\n", limited.out());

        Result shortfall = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(),
                "--labels", d[1].toString(), "--min-top1", "90%");
        assertEquals(1, shortfall.status());
        assertOneErrorLine(shortfall, "80.00% is below --min-top1 90.00%");
    }

    @Test
    void evalAcceptsIntegerDataAndLabels() {
        Path data = npy("data.npy", Tensor.ofInts(TensorType.of(ElemKind.UINT8, 3, 4), new int[] {
            9, 1, 1, 0,
            1, 9, 1, 0,
            1, 1, 9, 0}));
        Path labels = npy("labels.npy", Tensor.ofInts(TensorType.of(ElemKind.UINT8, 3), new int[] {0, 1, 2}));
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", data.toString(), "--labels",
                labels.toString());
        assertEquals("float top-1: 100.00% (3/3)\n", r.out(), r.err());
    }

    @Test
    void evalRejectsLabelCountMismatch() {
        Path[] d = dataset();
        Path labels = npy("short.npy", Tensor.ofLongs(new long[] {0, 1, 2}, 3));
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(), "--labels",
                labels.toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, labels.toString(), "3 labels for 5 samples");
    }

    @Test
    void evalRejectsSamplesThatDoNotFitTheInput() {
        Path data = npy("data.npy", Tensor.ofFloats(new float[10], 2, 5));
        Path labels = npy("labels.npy", Tensor.ofLongs(new long[] {0, 1}, 2));
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", data.toString(), "--labels",
                labels.toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, data + ": samples of f32[5] (5 elements) do not fit input 'x' f32[1,4] (4 elements)");
    }

    @Test
    void evalRejectsFloatLabelsAndLabelsOutsideTheClasses() {
        Path[] d = dataset();
        Path floats = npy("f.npy", Tensor.ofFloats(new float[5], 5));
        assertOneErrorLine(glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(),
                "--labels", floats.toString()), "labels must be an integer array");
        Path big = npy("big.npy", Tensor.ofLongs(new long[] {0, 1, 2, 3, 0}, 5));
        Result r = glintWith(TestModels.classifier(), "eval", "m.onnx", "--data", d[0].toString(), "--labels",
                big.toString());
        assertEquals(2, r.status());
        assertOneErrorLine(r, "label 3 of sample 3");
    }
}
