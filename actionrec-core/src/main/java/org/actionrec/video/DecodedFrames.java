package org.actionrec.video;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The frames a {@link FramePlan} asked for, by index, with the video's metadata (its decoded frame count
 * is the true count) and any warnings (a wrong header count, a truncated stream).
 */
public record DecodedFrames(VideoMetadata metadata, Map<Integer, RgbFrame> frames, List<String> warnings) {
    public DecodedFrames {
        frames = Map.copyOf(frames);
        warnings = List.copyOf(warnings);
    }

    public int frameCount() {
        return metadata.frameCount();
    }

    public RgbFrame frame(int index) {
        RgbFrame f = frames.get(index);
        if (f == null) {
            throw new NoSuchElementException("frame " + index + " was not in the plan for " + metadata.file());
        }
        return f;
    }
}
