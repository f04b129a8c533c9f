package org.actionrec.video;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames already decoded (by a camera reader, a web upload, a caller's own decoder) seen as a video, so that
 * they go through the same sampling, motion images and preprocessing as a file. The path given to the reader
 * methods is only a name.
 */
public final class InMemoryVideo implements VideoReader {
    private final List<RgbFrame> frames;
    private final double fps;

    /**
     * @param frames the video's frames in order, all of one size
     * @param fps    their rate, 0 where unknown
     * @throws VideoReadException NO_FRAMES where there is none, DECODE_FAILED where sizes differ
     */
    public InMemoryVideo(List<RgbFrame> frames, double fps, Path name) throws VideoReadException {
        if (frames.isEmpty()) throw new VideoReadException(name, VideoReadException.Reason.NO_FRAMES, "no frames given");
        RgbFrame first = frames.get(0);
        for (RgbFrame f : frames) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new VideoReadException(name, VideoReadException.Reason.DECODE_FAILED, "frames of different "
                        + "sizes (" + first.width() + "x" + first.height() + " and " + f.width() + "x" + f.height() + ")");
            }
        }
        this.frames = List.copyOf(frames);
        this.fps = fps;
    }

    @Override
    public VideoMetadata probe(Path file) {
        RgbFrame first = frames.get(0);
        return new VideoMetadata(file, "frames", "rgb24", first.width(), first.height(), fps,
                fps > 0 ? frames.size() / fps : 0, frames.size(), frames.size());
    }

    @Override
    public VideoMetadata count(Path file) {
        return probe(file);
    }

    @Override
    public DecodedFrames read(Path file, FramePlan plan) {
        Map<Integer, RgbFrame> kept = new HashMap<>();
        for (int i : plan.indices(frames.size())) kept.put(i, frames.get(i));
        return new DecodedFrames(probe(file), kept, List.of());
    }
}
