package dev.glint.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.cli.Labels;
import dev.glint.ir.GlintException;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders on disk: decoding, order, labels from names or a text file, and the errors. */
class ImageFilesTest {
    private static final TensorType INPUT = TensorType.f32(1, 3, 2, 2);

    @TempDir
    Path dir;

    private Path png(String name, int type, int argb) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(2, 2, type);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                img.setRGB(x, y, argb);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void decodesColourPngsInPathOrderAndDropsAlpha() throws IOException {
        png("b/2_x.png", BufferedImage.TYPE_INT_ARGB, 0x80102030);
        png("a/7.png", BufferedImage.TYPE_INT_RGB, 0x00ff0000);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Dataset d = DataSources.open(dir, "scale=1", INPUT, "x");
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0}, d.sample(0).floats());
        assertArrayEquals(new float[] {16, 16, 16, 16, 32, 32, 32, 32, 48, 48, 48, 48}, d.sample(1).floats());
        // The class name of a nested image is its top folder; "a" and "b" carry no number, so the sorted
        // folders are the classes.
        Labels labels = DataSources.labels(null, d);
        assertEquals(0, labels.get(0));
        assertEquals(1, labels.get(1));
    }

    @Test
    void labelsComeFromTheLeadingOrTrailingNumberOfTheClassName() throws IOException {
        png("3_foo.png", BufferedImage.TYPE_INT_RGB, 0);
        png("cat_285.png", BufferedImage.TYPE_INT_RGB, 0);
        png("207/001.png", BufferedImage.TYPE_INT_RGB, 0);
        Dataset d = DataSources.open(dir, null, INPUT, "x");
        Labels labels = DataSources.labels(null, d);
        // Sorted by relative path: 207/001.png, 3_foo.png, cat_285.png.
        assertEquals(207, labels.get(0));
        assertEquals(3, labels.get(1));
        assertEquals(285, labels.get(2));
    }

    @Test
    void foldersWithoutNumbersAreClassesInSortedOrder() throws IOException {
        png("dog/1.png", BufferedImage.TYPE_INT_RGB, 0);
        png("cat/9.png", BufferedImage.TYPE_INT_RGB, 0);
        Labels labels = DataSources.labels(null, DataSources.open(dir, null, INPUT, "x"));
        assertEquals(0, labels.get(0)); // cat/9.png
        assertEquals(1, labels.get(1)); // dog/1.png
    }

    @Test
    void aTextFileGivesLabelsByNameAndMustCoverEveryImage() throws IOException {
        png("one.png", BufferedImage.TYPE_INT_RGB, 0);
        png("two.png", BufferedImage.TYPE_INT_RGB, 0);
        Dataset d = DataSources.open(dir, null, INPUT, "x");
        Path txt = dir.resolve("labels.txt");
        Files.writeString(txt, "# name label\none.png 4\n\ntwo.png   9\n");
        Labels labels = DataSources.labels(txt.toString(), d);
        assertEquals(4, labels.get(0));
        assertEquals(9, labels.get(1));
        Files.writeString(txt, "one.png 4\n");
        GlintException e = assertThrows(GlintException.class, () -> DataSources.labels(txt.toString(), d));
        assertTrue(e.getMessage().endsWith("no label for image 'two.png'"), e.getMessage());
        Files.writeString(txt, "one.png four\n");
        e = assertThrows(GlintException.class, () -> DataSources.labels(txt.toString(), d));
        assertTrue(e.getMessage().contains("line 1: label 'four' is not a whole number"), e.getMessage());
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path bad = dir.resolve("broken.png");
        Files.writeString(bad, "not really a png");
        GlintException e = assertThrows(GlintException.class,
                () -> DataSources.open(bad, null, INPUT, "x").sample(0));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        Path grey = png("g/5.png", BufferedImage.TYPE_BYTE_GRAY, 0xff808080);
        e = assertThrows(GlintException.class, () -> DataSources.open(grey, null, INPUT, "x").sample(0));
        assertTrue(e.getMessage().contains("1 colour channel (grey) but the model's input takes 3"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(GlintException.class, () -> DataSources.open(empty, null, INPUT, "x"));
        assertTrue(e.getMessage().contains("no .png, .jpg or .jpeg images"), e.getMessage());
        assertEquals(5, DataSources.labels(null, DataSources.open(dir.resolve("g"), null, TensorType.f32(1, 1, 2, 2), "x")).get(0));
    }
}
