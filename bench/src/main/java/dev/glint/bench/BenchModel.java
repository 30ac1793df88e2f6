package dev.glint.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A model the benchmarks run: its ONNX file in the shared material and the data its int8 profile is
 * calibrated on.
 *
 * @param name a short name for tables
 * @param file the float ONNX model, relative to the shared material
 * @param calibration the .npy dataset whose first {@code calibrationSamples} samples profile it
 * @param calibrationSamples how many samples the profile sees (the profiler is the reference interpreter,
 *     so large models get few)
 */
public record BenchModel(String name, String file, String calibration, int calibrationSamples) {
    /** The four models of the side-by-side comparison. */
    public static final List<BenchModel> STANDARD = List.of(
            new BenchModel("mnist-8", "models/mnist-8/mnist.onnx", "data/mnist-npy/t10k_images.npy", 100),
            new BenchModel("mobilenetv2", "models/mobilenetv2-float/mobilenetv2.onnx",
                    "data/imagenet-samples-npy/samples.npy", 3),
            new BenchModel("resnet18", "models/arch/resnet18.onnx", "data/imagenet-samples-npy/samples.npy", 3),
            new BenchModel("squeezenet1.1", "models/arch/squeezenet1_1.onnx", "data/imagenet-samples-npy/samples.npy", 3));

    /** The model file under {@code shared}. */
    public Path file(Path shared) {
        return shared.resolve(file);
    }

    /** The calibration dataset under {@code shared}. */
    public Path calibration(Path shared) {
        return shared.resolve(calibration);
    }

    /** The model of this name among {@link #STANDARD}. */
    public static BenchModel named(String name) {
        return STANDARD.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no benchmark model '" + name + "'; models: "
                        + STANDARD.stream().map(BenchModel::name).toList()));
    }
}
