package dev.glint.cli.data;

import dev.glint.cli.Labels;
import dev.glint.ir.GlintException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class labels of an {@link ImageDataset}, from a text file or from the images' names.
 *
 * <p>Text file: one {@code NAME LABEL} per line (whitespace between), NAME being the image's path relative
 * to the folder (or just its file name when that is unique), LABEL a whole number; blank lines and lines
 * starting with {@code #} are skipped; every image needs a line.
 *
 * <p>From names: the <em>class name</em> of an image is its top-level folder under the dataset folder
 * ({@code 207/001.jpg}, {@code 281_cat/x.png}) or, for an image directly in it, its file name without the
 * extension ({@code 3_foo.png}, {@code cat_285.png}). The label is the whole number that the class name
 * begins with, or else the one it ends with. When no class name carries a number and every image sits in
 * a sub-folder ({@code cat/001.jpg, dog/002.jpg}), the sub-folders sorted by name are classes 0, 1, ...
 * (torchvision's ImageFolder rule).
 */
public final class ImageLabels {
    private static final Pattern LEADING = Pattern.compile("^(\\d+)(?:\\D.*)?$");
    private static final Pattern TRAILING = Pattern.compile("^.*\\D(\\d+)$");

    private ImageLabels() {}

    /** Labels taken from the images' folder or file names, by the rule in the class comment. */
    public static Labels fromNames(ImageDataset data) {
        int n = data.size();
        String[] classNames = new String[n];
        boolean allNested = true;
        boolean anyNumber = false;
        for (int i = 0; i < n; i++) {
            String rel = data.relativeName(i);
            int slash = rel.indexOf('/');
            allNested &= slash > 0;
            classNames[i] = slash > 0 ? rel.substring(0, slash) : stem(rel);
            anyNumber |= number(classNames[i]) != null;
        }
        long[] labels = new long[n];
        if (!anyNumber && allNested) {
            List<String> classes = List.copyOf(new TreeSet<>(List.of(classNames)));
            for (int i = 0; i < n; i++) {
                labels[i] = classes.indexOf(classNames[i]);
            }
            return Labels.of(labels, data.source() + " (sub-folders as classes " + String.join(", ", classes) + ")");
        }
        for (int i = 0; i < n; i++) {
            Long label = number(classNames[i]);
            if (label == null) {
                throw GlintException.of("%s: no class number in '%s' (name images like 3_cat.png or cat_3.png, "
                        + "or folders like 3/ or 3_cat/, or give --labels FILE)", data.files().get(i), classNames[i]);
            }
            labels[i] = label;
        }
        return Labels.of(labels, data.source() + " (numbers in the image names)");
    }

    /** Labels read from a text file of {@code NAME LABEL} lines. */
    public static Labels fromTextFile(ImageDataset data, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> byName = new HashMap<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw GlintException.of("%s line %d: expected 'NAME LABEL', got '%s'", file, ln + 1, line);
            }
            try {
                byName.put(parts[0], Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw GlintException.of("%s line %d: label '%s' is not a whole number", file, ln + 1, parts[1]);
            }
        }
        long[] labels = new long[data.size()];
        for (int i = 0; i < data.size(); i++) {
            String rel = data.relativeName(i);
            Long label = byName.getOrDefault(rel, byName.get(data.files().get(i).getFileName().toString()));
            if (label == null) {
                throw GlintException.of("%s: no label for image '%s'", file, rel);
            }
            labels[i] = label;
        }
        return Labels.of(labels, file.toString());
    }

    /** The leading whole number of a class name, else its trailing one, else null. */
    static Long number(String className) {
        Matcher m = LEADING.matcher(className);
        if (!m.matches()) {
            m = TRAILING.matcher(className);
            if (!m.matches()) {
                return null;
            }
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null; // more digits than a label can have: not a class number
        }
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
