package dev.glint.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.ir.GlintException;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    @Test
    void parsesTheImageNetRecipe() {
        Preprocessing p = Preprocessing.parse("resize=256,crop=224,scale=1/255,mean=0.485:0.456:0.406,"
                + "std=0.229:0.224:0.225,layout=nhwc,order=bgr");
        assertEquals(256, p.resize());
        assertEquals(224, p.cropH());
        assertEquals(224, p.cropW());
        assertEquals(1.0 / 255, p.scale(), 1e-15);
        assertArrayEquals(new double[] {0.485, 0.456, 0.406}, p.mean());
        assertEquals(0.224, p.std(1));
        assertEquals(Preprocessing.Layout.NHWC, p.layout());
        assertEquals(Preprocessing.ChannelOrder.BGR, p.order());
    }

    @Test
    void defaultsTakeTheCropFromTheModelAndMapBytesToTheUnitRange() {
        Preprocessing p = Preprocessing.parse(null).withDefaultCrop(240, 320);
        assertEquals(0, p.resize());
        assertEquals(240, p.cropH());
        assertEquals(320, p.cropW());
        assertEquals(1.0 / 255, p.scale(), 1e-15);
        assertEquals(0, p.mean(2));
        assertEquals(1, p.std(2));
        assertEquals(Preprocessing.Layout.NCHW, p.layout());
        assertEquals(17, Preprocessing.parse("crop=17x33").withDefaultCrop(240, 320).cropH());
        assertEquals(33, Preprocessing.parse("crop=17x33").withDefaultCrop(240, 320).cropW());
    }

    @Test
    void badSpecsNameTheProblem() {
        assertMessage("resize=256,foo=1", "unknown key 'foo'");
        assertMessage("resize=-3", "resize needs a whole number");
        assertMessage("scale=1/x", "scale needs a number");
        assertMessage("layout=chw", "layout must be one of [nchw, nhwc]");
        assertMessage("crop", "'crop' is not key=value");
        assertMessage("std=0.5:0", "std must not be 0");
        assertMessage("mean=1:2,std=1:2:3", "mean has 2 values but std has 3");
        assertMessage("crop=3,crop=4", "crop is given twice");
        GlintException e = assertThrows(GlintException.class,
                () -> Preprocessing.parse("mean=1:2").checkChannels(3));
        assertTrue(e.getMessage().contains("need 1 or 3 values"), e.getMessage());
    }

    private static void assertMessage(String spec, String fragment) {
        GlintException e = assertThrows(GlintException.class, () -> Preprocessing.parse(spec));
        assertTrue(e.getMessage().startsWith("--preprocess " + spec + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
