package org.actionrec.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * K keyframes at the centres of K equal segments of the video (papers 000 and 004: K = 5). Each keyframe is
 * its own clip of one frame, scored on its own and averaged later.
 */
public record UniformKeyframeSampler(int keyframes) implements FrameSampler {
    public static final int DEFAULT_KEYFRAMES = 5;

    public UniformKeyframeSampler {
        if (keyframes < 1) {
            throw new IllegalArgumentException("keyframes must be ≥ 1, got " + keyframes);
        }
    }

    public UniformKeyframeSampler() {
        this(DEFAULT_KEYFRAMES);
    }

    @Override
    public SamplePlan plan(int frameCount, long seed) {
        FrameSampler.requireFrames(frameCount);
        List<int[]> clips = new ArrayList<>();
        for (int i : FrameSampler.segmentCentres(frameCount, keyframes)) {
            clips.add(new int[] {i});
        }
        return new SamplePlan(frameCount, clips, frameCount < keyframes);
    }

    @Override
    public String describe() {
        return "uniform-keyframes(k=" + keyframes + ")";
    }

    @Override
    public int framesPerVideo() {
        return keyframes;
    }
}
