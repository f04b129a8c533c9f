package org.actionrec;

import org.actionrec.features.StageTimes;

import java.util.List;

/**
 * What {@link ActionRecognizer} says of one video.
 *
 * @param video    the file, or the name given with decoded frames
 * @param frames   frames in the video (decoded, not the header's count)
 * @param warnings what the video pipeline fell back on without failing (a truncated file, repeated frames)
 * @param top      the most likely classes, best first, with calibrated probabilities
 * @param times    seconds spent decoding, making motion images, in the backbone and in the head
 */
public record Recognition(String video, int frames, List<String> warnings, List<ClassProbability> top,
                          StageTimes times) {
    /** A label and the model's calibrated probability that the video shows it. */
    public record ClassProbability(String label, double probability) {
    }

    /** The label shown for an answer below a probability threshold. */
    public static final String UNKNOWN = "unknown";

    public Recognition {
        warnings = List.copyOf(warnings);
        top = List.copyOf(top);
        if (times == null) times = StageTimes.NONE;
    }

    public Recognition(String video, int frames, List<String> warnings, List<ClassProbability> top) {
        this(video, frames, warnings, top, StageTimes.NONE);
    }

    /** The most likely label, or {@link #UNKNOWN} where its probability is below {@code minProbability}. */
    public String label(double minProbability) {
        ClassProbability best = top.get(0);
        return best.probability() >= minProbability ? best.label() : UNKNOWN;
    }
}
