package org.actionrec.sampling;

import java.util.List;

/** N frames spread uniformly over the video as one ordered clip (paper 003: N = 30 frames stacked in time). */
public record UniformFrameSampler(int frames) implements FrameSampler {
    public static final int DEFAULT_FRAMES = 30;

    public UniformFrameSampler {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be ≥ 1, got " + frames);
        }
    }

    public UniformFrameSampler() {
        this(DEFAULT_FRAMES);
    }

    @Override
    public SamplePlan plan(int frameCount, long seed) {
        FrameSampler.requireFrames(frameCount);
        return new SamplePlan(frameCount, List.of(FrameSampler.segmentCentres(frameCount, frames)), frameCount < frames);
    }

    @Override
    public String describe() {
        return "uniform-frames(n=" + frames + ")";
    }

    @Override
    public int framesPerVideo() {
        return frames;
    }
}
