package org.actionrec.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.actionrec.video.DecodedFrames;
import org.actionrec.video.FramePlan;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;

/**
 * The keyframe images of one video for every input a model reads (e.g. a trained model's 16 rgb frames and the 5
 * keyframes of the frozen streams it is fused with), from one decode: the frames all inputs need are decoded
 * together, then each input makes its images from them. Holds native buffers: one instance per thread, closed
 * after use.
 */
public final class ClipImages implements AutoCloseable {
    private final VideoReader reader;
    private final List<StreamImageExtractor> extractors;

    public ClipImages(VideoReader reader, List<StreamConfig> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no input to make images for");
        this.reader = reader;
        List<StreamImageExtractor> made = new ArrayList<>();
        for (StreamConfig c : inputs) made.add(new StreamImageExtractor(reader, c));
        this.extractors = List.copyOf(made);
    }

    /** Decodes the video once and makes each input's images, in input order. */
    public List<KeyframeImages> extract(Path video) throws VideoReadException {
        if (extractors.size() == 1) return List.of(extractors.get(0).extract(video));
        long t0 = System.nanoTime();
        DecodedFrames decoded = reader.read(video, union());
        double decodeSeconds = (System.nanoTime() - t0) / 1e9;
        List<KeyframeImages> out = new ArrayList<>();
        for (StreamImageExtractor e : extractors) {
            // the decode is reported once, with the first input
            out.add(e.images(decoded, out.isEmpty() ? decodeSeconds : 0));
        }
        return out;
    }

    /** Every frame any input reads. */
    private FramePlan union() {
        return n -> extractors.stream().flatMapToInt(e -> IntStream.of(e.plan().indices(n))).distinct().sorted()
                .toArray();
    }

    @Override
    public void close() {
        extractors.forEach(StreamImageExtractor::close);
    }
}
