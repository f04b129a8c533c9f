package org.actionrec.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.streams.KeyframeImages;
import org.actionrec.streams.StreamConfig;
import org.actionrec.streams.StreamImageExtractor;
import org.actionrec.transform.ImagePreprocessing;
import org.actionrec.transform.ImagePreprocessor;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;

/**
 * The images a backbone is calibrated on before int8 quantization: the images it will really see, made as
 * extraction makes them (keyframes of every stream: rgb and the motion images, the same preprocessing), from clips
 * drawn at random (seeded). Each clip gives the images of a few keyframes, so the set spreads over many clips.
 */
public final class CalibrationSampler {
    private final StreamConfig streams;
    private final ImagePreprocessing preprocessing;
    private final VideoReader reader;
    private final int images;
    private final long seed;

    /**
     * @param images how many images to make (fewer where the clips run out)
     * @param seed   the draw of clips and keyframes
     */
    public CalibrationSampler(StreamConfig streams, ImagePreprocessing preprocessing, VideoReader reader, int images,
                              long seed) {
        if (images <= 0) throw new IllegalArgumentException("need at least one calibration image, got " + images);
        this.streams = streams;
        this.preprocessing = preprocessing;
        this.reader = reader;
        this.images = images;
        this.seed = seed;
    }

    /**
     * The calibration images and what they were made from.
     *
     * @param clips    the videos to draw from (unreadable ones are skipped and named)
     * @param progress told per image made
     */
    public CalibrationSet sample(List<Path> clips, ProgressListener progress) throws IOException {
        if (clips.isEmpty()) throw new IllegalArgumentException("no videos to calibrate on");
        Random random = new Random(seed);
        List<Path> order = new ArrayList<>(clips);
        java.util.Collections.shuffle(order, random);
        int perKeyframe = BackboneBatch.images(streams) / streams.keyframes();
        // Enough keyframes per clip that the clips suffice, at most all of them.
        int keyframes = (int) Math.min(streams.keyframes(),
                Math.max(1, Math.ceil((double) images / ((double) order.size() * perKeyframe))));
        int floats = preprocessing.tensorLength();
        List<float[]> made = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        MessageDigest digest = sha256();
        try (StreamImageExtractor extractor = new StreamImageExtractor(reader, streams);
             ImagePreprocessor prep = new ImagePreprocessor(preprocessing)) {
            for (Path clip : order) {
                if (made.size() >= images) break;
                KeyframeImages k;
                try {
                    k = extractor.extract(clip);
                } catch (VideoReadException e) {
                    skipped.add(clip + ": " + e.getMessage());
                    continue;
                }
                float[] all = BackboneBatch.tensor(k, streams, prep);
                List<Integer> positions = new ArrayList<>();
                for (int j = 0; j < streams.keyframes(); j++) positions.add(j);
                java.util.Collections.shuffle(positions, random);
                for (int j : positions.subList(0, keyframes)) {
                    for (int s = 0; s < perKeyframe && made.size() < images; s++) {
                        int image = s * streams.keyframes() + j;
                        made.add(java.util.Arrays.copyOfRange(all, image * floats, (image + 1) * floats));
                    }
                }
                used.add(clip.toString());
                digest.update((FileDigestCache.computeSha256(clip) + "\n").getBytes(StandardCharsets.UTF_8));
                progress.progress(made.size(), images, clip.getFileName().toString());
            }
        }
        if (made.isEmpty()) {
            throw new IOException("none of the " + clips.size() + " videos could be read for calibration: "
                    + String.join("; ", skipped.subList(0, Math.min(3, skipped.size()))));
        }
        return new CalibrationSet(made, used, HexFormat.of().formatHex(digest.digest()), seed, keyframes, skipped);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * Calibration images and their provenance.
     *
     * @param images            CHW images, preprocessed for the backbone
     * @param clips             the videos they came from, in the order drawn
     * @param digest            sha256 over the clips' own sha256 digests, in that order
     * @param seed              the draw's seed
     * @param keyframesPerClip  keyframes whose images each clip gave
     * @param skipped           videos that could not be read, with why
     */
    public record CalibrationSet(List<float[]> images, List<String> clips, String digest, long seed,
                                 int keyframesPerClip, List<String> skipped) {
        public CalibrationSet {
            images = List.copyOf(images);
            clips = List.copyOf(clips);
            skipped = List.copyOf(skipped);
        }
    }
}
