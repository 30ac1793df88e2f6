package dev.glint.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.cli.Main;
import dev.glint.cli.data.DataSources;
import dev.glint.cli.data.ImageDataset;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Image folders as datasets, on the labelled ImageNet samples: decoded and preprocessed by Glint they must
 * match the samples the material ships already preprocessed (same recipe, done with other software), and
 * the float MobileNetV2 must classify them.
 */
class ImageDatasetModelTest {
    static final String IMAGENET = "resize=256,crop=224,scale=1/255,mean=0.485:0.456:0.406,std=0.229:0.224:0.225,"
            + "layout=nchw";

    private static Path raw() {
        return SharedMaterial.resolve("data/imagenet-samples-npy/raw");
    }

    @Test
    void preprocessingMatchesTheShippedPreprocessedSamples() {
        Dataset images = DataSources.open(raw(), IMAGENET, TensorType.f32(1, 3, 224, 224), "input");
        Dataset shipped = Dataset.read(SharedMaterial.resolve("data/imagenet-samples-npy/samples.npy"));
        assertEquals(shipped.size(), images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] ours = images.sample(i).floats();
            float[] theirs = shipped.sample(i).toFloatArray();
            assertEquals(theirs.length, ours.length);
            double sumAbs = 0;
            for (int j = 0; j < ours.length; j++) {
                sumAbs += Math.abs(ours[j] - theirs[j]);
            }
            double meanAbs = sumAbs / ours.length;
            // One 8-bit level is 1/255/0.225 ≈ 0.017 after normalisation; resamplers and JPEG decoders differ by
            // about that much, a wrong crop offset, size, channel order or normalisation by far more.
            String name = ((ImageDataset) images).relativeName(i);
            assertTrue(meanAbs < 0.03, name + ": mean |difference| " + meanAbs);
        }
    }

    @Test
    void floatMobileNetV2ClassifiesTheLabelledImages() {
        Path model = SharedMaterial.resolve("models/mobilenetv2-float/mobilenetv2.onnx");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"eval", model.toString(), "--data", raw().toString(), "--preprocess",
                IMAGENET, "--json", "--quiet"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8), "eval --json");
        assertEquals(9, ((Number) r.get("samples")).intValue());
        // Labels come from the file names (0_tench.png, 281_cat.png, ...); ONNX Runtime gets all 9 right on the
        // shipped preprocessed copies.
        assertEquals(1.0, ((Number) r.get("float_top1")).doubleValue(), 1e-9, r.toString());
    }
}
