package org.actionrec.video;

/**
 * Which frames to keep, decided once the true frame count is known. The reader calls it with the header's
 * count first and again with the decoded count if the header was wrong, so sampling is always over the real
 * frames.
 */
@FunctionalInterface
public interface FramePlan {
    /** Frame indices to keep (any order, duplicates allowed), each in [0, frameCount). frameCount ≥ 1. */
    int[] indices(int frameCount);

    /** Every frame of the video. */
    static FramePlan all() {
        return n -> {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            return idx;
        };
    }
}
