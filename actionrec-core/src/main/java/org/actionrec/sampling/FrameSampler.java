package org.actionrec.sampling;

/**
 * Picks which frames of a video a model sees. Deterministic: the same frame count and seed give the same
 * plan. A video shorter than the sampler asks for gets repeated frames and {@link SamplePlan#repeatedFrames()}.
 */
public interface FrameSampler {
    /**
     * @param frameCount the video's true frame count (≥ 1)
     * @param seed seeds any random choice (ignored by deterministic samplers)
     */
    SamplePlan plan(int frameCount, long seed);

    /** A short stable description of the sampler and its parameters, for provenance and cache keys. */
    String describe();

    /** Frames the sampler takes per video, for sizing batches. */
    int framesPerVideo();

    static void requireFrames(int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video must have at least one frame, got " + frameCount);
        }
    }

    /** Indices of the centres of {@code count} equal segments of [0, frameCount): floor((i + 0.5) * n / count). */
    static int[] segmentCentres(int frameCount, int count) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = (int) Math.floor((i + 0.5) * frameCount / count);
        }
        return idx;
    }

    /** L consecutive frames from {@code start}; past the last frame the last frame repeats. */
    static int[] consecutive(int start, int length, int frameCount) {
        int[] idx = new int[length];
        for (int j = 0; j < length; j++) {
            idx[j] = Math.min(start + j, frameCount - 1);
        }
        return idx;
    }
}
