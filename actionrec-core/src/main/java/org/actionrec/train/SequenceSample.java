package org.actionrec.train;

import java.util.Objects;
import org.actionrec.features.ClipFeatures;

/**
 * One training or validation clip: its per-frame descriptors [T][D] and its class index.
 * The arrays are not copied: callers must not change them while training runs.
 */
public record SequenceSample(String clipId, float[][] frames, int label) {
    public SequenceSample {
        Objects.requireNonNull(clipId, "clipId");
        Objects.requireNonNull(frames, "frames");
        if (frames.length == 0 || frames[0].length == 0) {
            throw new IllegalArgumentException("clip " + clipId + " has no descriptors");
        }
        for (float[] frame : frames) {
            if (frame.length != frames[0].length) {
                throw new IllegalArgumentException("clip " + clipId + " mixes descriptor sizes");
            }
        }
        if (label < 0) throw new IllegalArgumentException("clip " + clipId + " has negative label " + label);
    }

    /** The descriptors of one stream (e.g. "rgb") of stored features. */
    public static SequenceSample of(ClipFeatures features, String stream, int label) {
        return new SequenceSample(features.clip(), features.stream(stream), label);
    }

    public int length() {
        return frames.length;
    }

    public int dimension() {
        return frames[0].length;
    }
}
