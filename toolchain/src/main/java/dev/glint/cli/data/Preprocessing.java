package dev.glint.cli.data;

import dev.glint.ir.GlintException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an image becomes a model input, as given to {@code --preprocess} (the steps of Glow's
 * image-classifier and of the usual torchvision ImageNet pipeline), applied in this order:
 * <ol>
 *   <li>{@code resize=R}: scale the image so that its shorter side is R pixels (the longer side becomes
 *       {@code round(long * R / short)});</li>
 *   <li>{@code crop=S} or {@code crop=HxW}: cut the centred S×S (H×W) window;</li>
 *   <li>{@code scale=F}: multiply each 8-bit value by F ({@code 1/255} maps to [0, 1]);</li>
 *   <li>{@code mean=M0:M1:M2}, {@code std=S0:S1:S2}: per channel {@code (v - mean) / std}, in the model's
 *       channel order;</li>
 *   <li>{@code order=rgb|bgr}: the model's channel order; {@code layout=nchw|nhwc}: planar or interleaved.</li>
 * </ol>
 * Unset, crop is the model input's height and width, resize only makes the image cover the crop, scale is
 * 1/255, mean 0, std 1, order rgb, layout nchw.
 *
 * @param resize   target length of the shorter side, or 0 to scale just enough to cover the crop
 * @param cropH    crop height, or 0 for the model's
 * @param cropW    crop width, or 0 for the model's
 * @param mean     one value per channel, or a single value for all
 * @param std      one value per channel, or a single value for all
 */
public record Preprocessing(int resize, int cropH, int cropW, double scale, double[] mean, double[] std,
                            Layout layout, ChannelOrder order) {

    /** Where the channel axis sits in a sample. */
    public enum Layout { NCHW, NHWC }

    /** The order of the colour channels the model expects. */
    public enum ChannelOrder { RGB, BGR }

    /** The defaults listed in the class comment. */
    public static Preprocessing defaults() {
        return new Preprocessing(0, 0, 0, 1.0 / 255, new double[] {0}, new double[] {1}, Layout.NCHW,
                ChannelOrder.RGB);
    }

    /**
     * Parses {@code key=value[,key=value...]}; a bad key or value is a {@link GlintException} naming it.
     * A null or blank spec gives the defaults.
     */
    public static Preprocessing parse(String spec) {
        Preprocessing p = defaults();
        if (spec == null || spec.isBlank()) {
            return p;
        }
        Map<String, String> items = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw bad(spec, "'" + item + "' is not key=value");
            }
            String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (items.put(key, item.substring(eq + 1).trim()) != null) {
                throw bad(spec, key + " is given twice");
            }
        }
        int resize = p.resize;
        int cropH = p.cropH;
        int cropW = p.cropW;
        double scale = p.scale;
        double[] mean = p.mean;
        double[] std = p.std;
        Layout layout = p.layout;
        ChannelOrder order = p.order;
        for (Map.Entry<String, String> e : items.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "resize" -> resize = positiveInt(spec, "resize", v);
                case "crop" -> {
                    int x = v.toLowerCase(Locale.ROOT).indexOf('x');
                    cropH = positiveInt(spec, "crop", x < 0 ? v : v.substring(0, x));
                    cropW = x < 0 ? cropH : positiveInt(spec, "crop", v.substring(x + 1));
                }
                case "scale" -> scale = number(spec, "scale", v);
                case "mean" -> mean = numbers(spec, "mean", v);
                case "std" -> {
                    std = numbers(spec, "std", v);
                    if (Arrays.stream(std).anyMatch(s -> s == 0)) {
                        throw bad(spec, "std must not be 0");
                    }
                }
                case "layout" -> layout = choice(spec, "layout", v, Layout.class);
                case "order" -> order = choice(spec, "order", v, ChannelOrder.class);
                default -> throw bad(spec, "unknown key '" + e.getKey() + "' (keys: resize, crop, scale, mean, std, "
                        + "layout, order)");
            }
        }
        if (mean.length != std.length && mean.length != 1 && std.length != 1) {
            throw bad(spec, "mean has " + mean.length + " values but std has " + std.length);
        }
        return new Preprocessing(resize, cropH, cropW, scale, mean, std, layout, order);
    }

    /** The mean subtracted from channel {@code c}. */
    public double mean(int c) {
        return mean.length == 1 ? mean[0] : mean[c];
    }

    /** The divisor of channel {@code c}. */
    public double std(int c) {
        return std.length == 1 ? std[0] : std[c];
    }

    /** This preprocessing with unset crop sizes taken from the model's input. */
    public Preprocessing withDefaultCrop(int height, int width) {
        return new Preprocessing(resize, cropH > 0 ? cropH : height, cropW > 0 ? cropW : width, scale, mean, std,
                layout, order);
    }

    /** Checks that mean and std have one value or one per channel. */
    public void checkChannels(int channels) {
        if (mean.length != 1 && mean.length != channels || std.length != 1 && std.length != channels) {
            throw GlintException.of("--preprocess: mean and std need 1 or %d values (the model's channels), got %d and %d",
                    channels, mean.length, std.length);
        }
    }

    private static int positiveInt(String spec, String key, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec, key + " needs a whole number of pixels above 0, got '" + v + "'");
    }

    /** A decimal or a fraction {@code a/b}. */
    private static double number(String spec, String key, String v) {
        try {
            int slash = v.indexOf('/');
            double d = slash < 0 ? Double.parseDouble(v)
                    : Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec, key + " needs a number (e.g. 0.5 or 1/255), got '" + v + "'");
    }

    private static double[] numbers(String spec, String key, String v) {
        String[] parts = v.split(":");
        double[] d = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            d[i] = number(spec, key, parts[i].trim());
        }
        return d;
    }

    private static <E extends Enum<E>> E choice(String spec, String key, String v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw bad(spec, key + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + v + "'");
    }

    private static GlintException bad(String spec, String problem) {
        return new GlintException("--preprocess " + spec + ": " + problem);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "resize=%s,crop=%dx%d,scale=%s,mean=%s,std=%s,layout=%s,order=%s",
                resize == 0 ? "cover" : String.valueOf(resize), cropH, cropW, scale, join(mean), join(std),
                layout.name().toLowerCase(Locale.ROOT), order.name().toLowerCase(Locale.ROOT));
    }

    private static String join(double[] d) {
        return String.join(":", Arrays.stream(d).mapToObj(String::valueOf).toList());
    }
}
