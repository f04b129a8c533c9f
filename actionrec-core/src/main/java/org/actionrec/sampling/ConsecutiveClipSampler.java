package org.actionrec.sampling;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One clip of L consecutive frames (C3D/I3D-style, L = 16): a random start when training (a different view
 * each epoch through the seed), the centred clip when testing. A video shorter than L repeats its last frame.
 */
public record ConsecutiveClipSampler(int length, Mode mode) implements FrameSampler {
    public static final int DEFAULT_LENGTH = 16;

    /** Training draws the start at random; testing takes the centre. */
    public enum Mode { TRAIN, TEST }

    public ConsecutiveClipSampler {
        if (length < 1) {
            throw new IllegalArgumentException("clip length must be ≥ 1, got " + length);
        }
    }

    public ConsecutiveClipSampler(Mode mode) {
        this(DEFAULT_LENGTH, mode);
    }

    @Override
    public SamplePlan plan(int frameCount, long seed) {
        FrameSampler.requireFrames(frameCount);
        int slack = Math.max(0, frameCount - length);
        int start = mode == Mode.TRAIN ? new SplittableRandom(seed).nextInt(slack + 1) : slack / 2;
        return new SamplePlan(frameCount, List.of(FrameSampler.consecutive(start, length, frameCount)),
                frameCount < length);
    }

    @Override
    public String describe() {
        return "consecutive-clip(l=" + length + ", " + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public int framesPerVideo() {
        return length;
    }
}
