package org.actionrec.recognizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionrec.dataset.VideoClip;
import org.actionrec.eval.Percentiles;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.video.VideoMetadata;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the clips a model was trained on are: what a timeline's window defaults to (the lower quartile).
 * Written into the model file's {@code protocol} map under {@link #KEY} (an added key, so files without it still
 * open), measured by decoding an evenly spread sample of the training clips (frame counts verified by decoding,
 * since headers overstate them).
 *
 * @param clips          training clips in all
 * @param measured       clips decoded for the figures
 * @param medianFrames   median decoded frame count
 * @param medianFps      median frame rate of the measured clips
 * @param medianDurationS median of frames / fps over the measured clips
 * @param lowerQuartileDurationS the 25th percentile of frames / fps over the measured clips (model files written
 *                               before it was recorded: the median)
 */
public record TrainingClips(int clips, int measured, double medianFrames, double medianFps, double medianDurationS,
                            double lowerQuartileDurationS) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingClips.class);
    public static final String KEY = "training_clips";
    /** Clips decoded at most: enough for a median and a quartile, cheap beside training. */
    public static final int SAMPLE = 40;

    /** Measures an evenly spread sample of {@code clips}; empty where none could be read. */
    public static Optional<TrainingClips> measure(List<VideoClip> clips, VideoReader reader) {
        List<Path> sample = new ArrayList<>();
        int step = Math.max(1, clips.size() / SAMPLE);
        for (int i = 0; i < clips.size() && sample.size() < SAMPLE; i += step) sample.add(clips.get(i).path());
        List<Double> frames = new ArrayList<>();
        List<Double> fps = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (Path p : sample) {
            try {
                VideoMetadata m = reader.count(p);
                if (m.fps() <= 0 || m.frameCount() <= 0) continue;
                frames.add((double) m.frameCount());
                fps.add(m.fps());
                seconds.add(m.frameCount() / m.fps());
            } catch (VideoReadException e) {
                LOG.debug("not measured: {}", e.getMessage());
            }
        }
        if (frames.isEmpty()) return Optional.empty();
        return Optional.of(new TrainingClips(clips.size(), frames.size(), quantile(frames, 0.5), quantile(fps, 0.5),
                quantile(seconds, 0.5), quantile(seconds, 0.25)));
    }

    /** As a plain map for the manifest's protocol. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clips", clips);
        m.put("measured", measured);
        m.put("median_frames", medianFrames);
        m.put("median_fps", medianFps);
        m.put("median_duration_s", medianDurationS);
        m.put("lower_quartile_duration_s", lowerQuartileDurationS);
        return m;
    }

    /** What a model file records, where it records it (files written before this field have none). */
    public static Optional<TrainingClips> of(ModelManifest manifest) {
        if (manifest.protocol() == null || !(manifest.protocol().get(KEY) instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        try {
            double median = ((Number) m.get("median_duration_s")).doubleValue();
            Object quartile = m.get("lower_quartile_duration_s");
            return Optional.of(new TrainingClips(((Number) m.get("clips")).intValue(),
                    ((Number) m.get("measured")).intValue(), ((Number) m.get("median_frames")).doubleValue(),
                    ((Number) m.get("median_fps")).doubleValue(), median,
                    quartile == null ? median : ((Number) quartile).doubleValue()));
        } catch (ClassCastException | NullPointerException e) {
            LOG.warn("ignoring an unreadable {} entry in the model's protocol: {}", KEY, m);
            return Optional.empty();
        }
    }

    private static double quantile(List<Double> values, double q) {
        return Percentiles.interpolated(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), q);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d training clips, median %.0f frames at %.2f fps (%.2f s), "
                + "lower quartile %.2f s", clips, medianFrames, medianFps, medianDurationS, lowerQuartileDurationS)
                + ", " + measured + " decoded";
    }
}
