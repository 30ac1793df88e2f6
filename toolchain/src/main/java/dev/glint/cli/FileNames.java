package dev.glint.cli;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Makes file names from value names (ONNX output names may hold {@code /}, {@code :} or spaces).
 * One instance hands out names that are distinct even on case-insensitive file systems.
 */
public final class FileNames {
    private static final int MAX_LENGTH = 120;

    private final Set<String> used = new HashSet<>();

    /** A safe file name {@code <sanitised value name><extension>}, distinct from those handed out before. */
    public String unique(String valueName, String extension) {
        String base = sanitize(valueName);
        String candidate = base + extension;
        for (int i = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = base + "_" + i + extension;
        }
        return candidate;
    }

    /**
     * Keeps letters, digits, {@code .}, {@code _} and {@code -}; anything else becomes {@code _}. A leading
     * dot is replaced too, so that the file is neither hidden nor {@code .} or {@code ..}.
     */
    public static String sanitize(String valueName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < valueName.length() && sb.length() < MAX_LENGTH; i++) {
            char c = valueName.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || (c == '.' && i > 0);
            sb.append(safe ? c : '_');
        }
        return sb.length() == 0 ? "output" : sb.toString();
    }
}
