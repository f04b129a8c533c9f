package org.actionrec.head;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * A trained head: scores keyframe descriptors per class; a clip's score is the mean of its keyframe scores
 * (paper 000). Implementations are immutable records that Jackson writes and reads ({@link HeadCodec}), so a
 * model bundle can hold them; the {@code head} property names the kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "head")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LinearSvmHead.class, name = "linear-svm"),
        @JsonSubTypes.Type(value = SoftmaxHead.class, name = "softmax")})
public interface ClipClassifier {
    int classCount();

    int descriptorSize();

    /** Per-class scores of one keyframe descriptor (length {@link #classCount()}). */
    float[] scoreKeyframe(float[] descriptor);

    /** Mean of the keyframe scores. */
    default float[] scoreClip(float[][] keyframes) {
        double[] sum = new double[classCount()];
        for (float[] keyframe : keyframes) {
            float[] s = scoreKeyframe(keyframe);
            for (int c = 0; c < sum.length; c++) {
                sum[c] += s[c];
            }
        }
        float[] mean = new float[sum.length];
        for (int c = 0; c < sum.length; c++) {
            mean[c] = (float) (sum[c] / keyframes.length);
        }
        return mean;
    }

    /** Score matrix [clips][classes] of several clips. */
    default float[][] scoreClips(List<float[][]> clips) {
        float[][] out = new float[clips.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = scoreClip(clips.get(i));
        }
        return out;
    }

    /** The class with the highest clip score (first on ties). */
    default int predict(float[][] keyframes) {
        return argmax(scoreClip(keyframes));
    }

    static int argmax(float[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    static void checkDescriptor(float[] descriptor, int expected) {
        if (descriptor.length != expected) {
            throw new IllegalArgumentException("descriptor has " + descriptor.length + " values, the head expects " + expected);
        }
    }
}
