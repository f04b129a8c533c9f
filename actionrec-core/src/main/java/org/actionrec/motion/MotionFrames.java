package org.actionrec.motion;

import java.util.BitSet;

/**
 * Which frames each motion encoder needs for a keyframe, so a decoder can keep only those. All indices are
 * 0-based frame numbers in a clip of {@code frameCount} frames; ranges are inclusive.
 */
public final class MotionFrames {
    private MotionFrames() {
    }

    /** Inclusive range of frame indices. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad frame range " + first + ".." + last);
            }
        }

        public int length() {
            return last - first + 1;
        }
    }

    /** The frame pair a flow image is computed from: keyframe and the next, or the previous and the keyframe when
     * the keyframe is the last frame. */
    public record FlowPair(int from, int to) {
    }

    public static FlowPair flowPair(int keyframe, int frameCount) {
        checkKeyframe(keyframe, frameCount);
        if (frameCount < 2) {
            throw new MotionInputException("optical flow needs at least 2 frames, the clip has " + frameCount);
        }
        return keyframe + 1 < frameCount ? new FlowPair(keyframe, keyframe + 1) : new FlowPair(keyframe - 1, keyframe);
    }

    /** Frames the motion history image of {@code keyframe} reads: {@code max(0, keyframe - window)..keyframe}. */
    public static Range historyRange(int keyframe, int frameCount, int window) {
        checkKeyframe(keyframe, frameCount);
        return new Range(Math.max(0, keyframe - window), keyframe);
    }

    /**
     * Every frame needed for these keyframes by the chosen streams (the keyframes themselves included), in
     * increasing order.
     */
    public static int[] needed(int[] keyframes, int frameCount, boolean flow, MotionHistoryParams history) {
        BitSet need = new BitSet(frameCount);
        for (int k : keyframes) {
            checkKeyframe(k, frameCount);
            need.set(k);
            if (flow) {
                FlowPair p = flowPair(k, frameCount);
                need.set(p.from());
                need.set(p.to());
            }
            if (history != null) {
                Range r = historyRange(k, frameCount, history.window());
                need.set(r.first(), r.last() + 1);
            }
        }
        return need.stream().toArray();
    }

    private static void checkKeyframe(int keyframe, int frameCount) {
        if (keyframe < 0 || keyframe >= frameCount) {
            throw new MotionInputException("keyframe " + keyframe + " outside a clip of " + frameCount + " frames");
        }
    }
}
