package dev.glint.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The side-by-side configurations as a JMH suite: one batch-1 inference per invocation, for every model,
 * engine, precision and thread count. Run with {@code bench/run jmh EnginesBenchmark} (add JMH's
 * {@code -p model=resnet18 -p threads=1} to narrow it); never run by the build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnginesBenchmark {
    @Param({"mnist-8", "mobilenetv2", "resnet18", "squeezenet1.1"})
    public String model;

    @Param({"glint", "onnxruntime"})
    public String engine;

    @Param({"fp32", "int8"})
    public String precision;

    @Param({"1", "2"})
    public int threads;

    private Candidate candidate;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        Path work = Files.createTempDirectory("glint-jmh");
        PreparedGraphs p = PreparedGraphs.prepare(BenchModel.named(model), SharedFolder.locate(), work);
        boolean int8 = precision.equals("int8");
        candidate = engine.equals("glint")
                ? new GlintCandidate(int8 ? p.int8Graph() : p.floatGraph(), p.input(), precision, threads)
                : new OrtCandidate(int8 ? p.qdqOnnx() : p.floatOnnx(), p.input(), precision, threads);
    }

    @Benchmark
    public float[] inference() {
        return candidate.runOnce();
    }

    @TearDown(Level.Trial)
    public void release() {
        candidate.close();
    }
}
