package org.actionrec.motion;

/**
 * Motion history image settings (Bobick & Davis): {@code window} frames up to and including the keyframe, and the
 * grey-difference {@code threshold} above which a pixel counts as moving. Defaults are the reference's: 8 and 32.
 */
public record MotionHistoryParams(int window, int threshold) {

    public static final MotionHistoryParams DEFAULTS = new MotionHistoryParams(8, 32);

    public MotionHistoryParams {
        if (window < 1 || window > 255) {
            throw new IllegalArgumentException("window must be in 1..255 frames, got " + window);
        }
        if (threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("threshold must be in 0..255, got " + threshold);
        }
    }
}
