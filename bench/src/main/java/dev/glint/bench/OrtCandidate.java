package dev.glint.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.glint.ir.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX Runtime session (CPU) for one model file: {@code intraOpNumThreads} = the thread count,
 * {@code interOpNumThreads} = 1, all graph optimizations (which fuse QDQ groups into integer kernels).
 */
final class OrtCandidate implements Candidate {
    private final OrtSession session;
    private final OnnxTensor input;
    private final String inputName;
    private final String precision;
    private final int threads;
    private final double compileMillis;

    OrtCandidate(Path model, Map<String, Tensor> inputs, String precision, int threads) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            long t0 = System.nanoTime();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = env.createSession(model.toString(), options);
            }
            this.compileMillis = (System.nanoTime() - t0) / 1e6;
            Map.Entry<String, Tensor> only = inputs.entrySet().iterator().next();
            this.inputName = only.getKey();
            long[] shape = Arrays.stream(only.getValue().shape()).asLongStream().toArray();
            this.input = OnnxTensor.createTensor(env, FloatBuffer.wrap(only.getValue().floats()), shape);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        }
        this.precision = precision;
        this.threads = threads;
    }

    @Override
    public String engine() {
        return "onnxruntime";
    }

    @Override
    public String precision() {
        return precision;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public double compileMillis() {
        return compileMillis;
    }

    @Override
    public float[] runOnce() {
        try (OrtSession.Result r = session.run(Map.of(inputName, input))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer b = out.getFloatBuffer();
            float[] v = new float[b.remaining()];
            b.get(v);
            return v;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            input.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
