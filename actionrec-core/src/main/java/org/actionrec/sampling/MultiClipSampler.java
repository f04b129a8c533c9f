package org.actionrec.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * M clips of L consecutive frames, their starts spaced uniformly over the video (paper 004's multi-clip
 * testing: M = 5, L = 16). Clip j starts at floor(a * j + a / 2) with a = (n - L + 1) / M, so the clips are
 * centred in M equal stretches; where n &lt; L every clip is the whole video with its last frame repeated.
 */
public record MultiClipSampler(int clips, int length) implements FrameSampler {
    public static final int DEFAULT_CLIPS = 5;

    public MultiClipSampler {
        if (clips < 1 || length < 1) {
            throw new IllegalArgumentException("clips and length must be ≥ 1, got " + clips + " and " + length);
        }
    }

    public MultiClipSampler() {
        this(DEFAULT_CLIPS, ConsecutiveClipSampler.DEFAULT_LENGTH);
    }

    @Override
    public SamplePlan plan(int frameCount, long seed) {
        FrameSampler.requireFrames(frameCount);
        double stretch = Math.max(1, frameCount - length + 1) / (double) clips;
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < clips; j++) {
            int start = frameCount < length ? 0 : (int) Math.floor(stretch * j + stretch / 2);
            out.add(FrameSampler.consecutive(start, length, frameCount));
        }
        return new SamplePlan(frameCount, out, frameCount < length);
    }

    @Override
    public String describe() {
        return "multi-clip(m=" + clips + ", l=" + length + ")";
    }

    @Override
    public int framesPerVideo() {
        return clips * length;
    }
}
