package org.actionrec.timeline;

/**
 * One scored window.
 *
 * @param index         windows scored before it
 * @param firstFrame    its first frame, counted over every frame the recogniser received
 * @param frames        its length in frames
 * @param startS        time of its first frame
 * @param endS          time just after its last frame (last frame's time + 1 / fps)
 * @param probabilities calibrated class probabilities, in the model's class order
 * @param latencyS      from the arrival of its last frame (when the reader got it) to these probabilities
 */
public record WindowResult(int index, long firstFrame, int frames, double startS, double endS,
                           double[] probabilities, double latencyS) {
    public int best() {
        int b = 0;
        for (int c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[b]) b = c;
        return b;
    }
}
