package dev.glint.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.cli.Main;
import dev.glint.ir.io.Dataset;
import dev.glint.ir.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API example of the top-level README: the README shows {@code examples/api/QuantizeAndRun.java}
 * verbatim; the file compiles against the toolchain, runs, and prints exactly the outputs {@code glint run}
 * writes for the same model, profile and input.
 */
class ReadmeExampleTest {
    private static final String EXAMPLE = "examples/api/QuantizeAndRun.java";

    @TempDir
    Path dir;

    @Test
    void readmeShowsTheExampleFileVerbatim() throws Exception {
        String readme = Files.readString(RepositoryFiles.resolve("README.md"));
        String example = Files.readString(RepositoryFiles.resolve(EXAMPLE));
        assertTrue(readme.contains("```java\n" + example + "```\n"),
                "README.md must show " + EXAMPLE + " verbatim in a ```java block");
    }

    @Test
    void exampleCompilesRunsAndPrintsWhatGlintRunWrites() throws Exception {
        Path model = RepositoryFiles.resolve("examples/digits/digits-cnn.onnx");
        Path calibration = RepositoryFiles.resolve("examples/digits/digits-calibration-images.npy");
        Path samples = RepositoryFiles.resolve("examples/digits/digits-test-images.npy");
        int index = 7;

        List<String> printed = runExample(model.toString(), calibration.toString(), samples.toString(),
                Integer.toString(index));

        Path profile = dir.resolve("p.json");
        Path input = dir.resolve("x.npy");
        Path output = dir.resolve("y.npy");
        Npy.write(input, Dataset.read(samples).sample(index));
        assertEquals(0, glint("profile", model.toString(), "--data", calibration.toString(), "--out", profile.toString(),
                "--quiet"));
        assertEquals(0, glint("run", model.toString(), "--profile", profile.toString(), "--input", input.toString(),
                "--out", output.toString()));
        float[] expected = Npy.read(output).floats();
        assertEquals(expected.length, printed.size(), "printed: " + printed);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(Float.parseFloat(printed.get(i))),
                    "output " + i + ": example printed " + printed.get(i) + ", glint run wrote " + expected[i]);
        }
    }

    /** Compiles the example against the test classpath and runs its main method; returns the lines it printed. */
    private List<String> runExample(String... args) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), RepositoryFiles.resolve(EXAMPLE).toString());
        assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));

        PrintStream savedOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("QuantizeAndRun").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(savedOut);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static int glint(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int status = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err);
        if (status != 0) {
            throw new AssertionError("glint " + String.join(" ", args) + ": " + sink.toString(StandardCharsets.UTF_8));
        }
        return status;
    }
}
