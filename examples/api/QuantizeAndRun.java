import dev.glint.api.Glint;
import dev.glint.api.Profile;
import dev.glint.ir.io.Dataset;
import java.nio.file.Path;

/** Usage: QuantizeAndRun MODEL.onnx CALIBRATION.npy SAMPLES.npy INDEX — prints the int8 model's outputs. */
public class QuantizeAndRun {
    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Profile profile = Glint.load(model).profile(Path.of(args[1]));
        float[] input = Dataset.read(Path.of(args[2])).sample(Integer.parseInt(args[3])).toFloatArray();
        try (var net = Glint.load(model).quantize(profile).compileJit()) {
            float[] scores = net.run(input);
            for (float s : scores) {
                System.out.println(s);
            }
        }
    }
}
