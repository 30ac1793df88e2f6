package dev.glint.api;

import dev.glint.quantizer.profile.ProfileFormat;
import java.nio.file.Path;

/**
 * The measured range of every float value of one model over calibration data (made by {@link
 * Model#profile}), which {@link Model#quantize} turns into int8 scales. A profile records the SHA-256 of
 * the model file it was made from and is refused for any other model. Immutable and thread-safe.
 */
public final class Profile {
    private final dev.glint.quantizer.profile.Profile measured;

    Profile(dev.glint.quantizer.profile.Profile measured) {
        this.measured = measured;
    }

    /**
     * Reads a profile written by {@link #save} or by {@code glint profile}.
     *
     * @throws dev.glint.ir.GlintException when the file is missing or not a profile
     */
    public static Profile read(Path json) {
        return new Profile(ProfileFormat.read(json));
    }

    /** Writes the profile as JSON, in the format of {@code glint profile --out}. */
    public void save(Path json) {
        ProfileFormat.write(json, measured);
    }

    /** The number of calibration samples the ranges were measured on. */
    public long samples() {
        return measured.samples();
    }

    /** The quantizer's form of the profile (histograms per value name). */
    public dev.glint.quantizer.profile.Profile measurements() {
        return measured;
    }
}
