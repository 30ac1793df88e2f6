package dev.glint.cli.data;

import dev.glint.ir.GlintException;
import dev.glint.ir.Tensor;
import dev.glint.ir.TensorType;
import dev.glint.ir.io.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of PNG and JPEG images (searched recursively; other files are ignored) or a single image file,
 * as a {@link Dataset}: sample {@code i} is the i-th image in the order of its path relative to the folder,
 * decoded and preprocessed when it is asked for, so memory does not grow with the number of images.
 */
public final class ImageDataset implements Dataset {
    private final Path root;
    private final String source;
    private final List<Path> files;
    private final ImageTransform transform;

    private ImageDataset(Path root, String source, List<Path> files, ImageTransform transform) {
        this.root = root;
        this.source = source;
        this.files = files;
        this.transform = transform;
    }

    /** True for the file names this dataset reads (by extension). */
    public static boolean isImageFile(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** The images under {@code path} (a folder, or one image file), each transformed by {@code transform}. */
    public static ImageDataset open(Path path, ImageTransform transform) {
        if (Files.isRegularFile(path)) {
            return new ImageDataset(path.toAbsolutePath().getParent(), path.toString(), List.of(path.toAbsolutePath()), transform);
        }
        if (!Files.isDirectory(path)) {
            throw new GlintException(path + ": no such file or folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).filter(ImageDataset::isImageFile)
                    .sorted((a, b) -> path.relativize(a).toString().compareTo(path.relativize(b).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new GlintException(path + ": no .png, .jpg or .jpeg images in this folder");
        }
        return new ImageDataset(path, path.toString(), files, transform);
    }

    /** The folder the images were found in (for a single file: its folder). */
    public Path root() {
        return root;
    }

    /** The image files in sample order. */
    public List<Path> files() {
        return files;
    }

    /** Image {@code i}'s path relative to {@link #root()}, with '/' separators. */
    public String relativeName(int i) {
        return root.relativize(files.get(i)).toString().replace('\\', '/');
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public TensorType sampleType() {
        return transform.sampleType();
    }

    @Override
    public Tensor sample(int i) {
        Path file = files.get(i);
        return transform.apply(ImageDecoder.read(file), file.toString());
    }
}
