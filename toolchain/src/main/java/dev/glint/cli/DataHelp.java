package dev.glint.cli;

import dev.glint.cli.data.DataSources;
import dev.glint.ir.GlintException;
import dev.glint.ir.Graph;
import dev.glint.ir.InputNode;
import dev.glint.ir.io.Dataset;
import java.nio.file.Path;

/** {@code --data} and {@code --preprocess} as the dataset commands (profile, eval, report) read them. */
final class DataHelp {
    static final String PREPROCESS_OPTION = "for image data: resize=256,crop=224,scale=1/255,mean=M:M:M,std=S:S:S,"
            + "layout=nchw|nhwc,order=rgb|bgr";

    /** The paragraph the commands' help gives about image data. */
    static final String IMAGES = "--data DIR reads the PNG and JPEG images under DIR (recursively, in path order),\n"
            + "or one image file: each is resized so its shorter side is 'resize' pixels, centre-cropped to\n"
            + "'crop' (default: the model's input size), multiplied by 'scale' (default 1/255), then\n"
            + "(v - mean) / std per channel, in the model's channel order and layout. Labels of images come\n"
            + "from --labels (.npy, or lines 'NAME LABEL') or from their names: the top folder or the file\n"
            + "name must begin or end with the class number (281_cat.png, cat_281.png, 281/x.jpg); folders\n"
            + "without numbers (cat/, dog/) are classes 0, 1, ... in sorted order.";

    private DataHelp() {}

    /** The dataset {@code --data} names, prepared for the graph's only input; never empty. */
    static Dataset open(ParsedArgs args, Graph g) {
        if (g.inputs().size() != 1) {
            throw GlintException.of("--data feeds a model with one input; this one has %d", g.inputs().size());
        }
        InputNode input = g.inputs().get(0);
        Dataset data = DataSources.open(Path.of(args.value("--data")), args.value("--preprocess", null),
                input.type(), input.name());
        if (data.size() == 0) {
            throw new GlintException(data.source() + ": the dataset holds no samples");
        }
        return data;
    }
}
