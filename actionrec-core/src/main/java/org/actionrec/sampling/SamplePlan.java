package org.actionrec.sampling;

import java.util.Arrays;
import java.util.List;

/**
 * The frames a sampler picked from a video of {@code frameCount} frames, grouped into clips: K keyframes are
 * K clips of one frame; N stacked frames are one clip of N; M clips of L frames are M clips of L.
 *
 * @param repeatedFrames true where the video had fewer frames than asked for and frames were repeated
 *     (the defined fallback), so callers can say so
 */
public record SamplePlan(int frameCount, List<int[]> clips, boolean repeatedFrames) {
    public SamplePlan {
        clips = clips.stream().map(int[]::clone).toList();
    }

    /** Every frame index used, sorted, each once: what the decoder must keep. */
    public int[] distinctIndices() {
        return clips.stream().flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    }

    /** All indices clip by clip, in order (with repeats). */
    public int[] flatIndices() {
        return clips.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Override
    public String toString() {
        return "SamplePlan[frameCount=" + frameCount + ", clips="
                + clips.stream().map(Arrays::toString).toList() + ", repeatedFrames=" + repeatedFrames + "]";
    }
}
