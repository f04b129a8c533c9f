package org.actionrec.head;

import java.util.Objects;

/** One clip's descriptors for one stream: {@code keyframes[k]} is the D-dimensional descriptor of keyframe k. */
public record LabelledClip(float[][] keyframes, int label) {
    public LabelledClip {
        Objects.requireNonNull(keyframes, "keyframes");
        if (keyframes.length == 0) {
            throw new IllegalArgumentException("a clip needs at least one keyframe descriptor");
        }
        if (label < 0) {
            throw new IllegalArgumentException("label must be a class index >= 0, got " + label);
        }
        int d = keyframes[0].length;
        for (float[] f : keyframes) {
            if (f.length != d) {
                throw new IllegalArgumentException("keyframe descriptors differ in size: " + d + " and " + f.length);
            }
        }
    }

    public int descriptorSize() {
        return keyframes[0].length;
    }
}
