package org.actionrec.transform;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.actionrec.SharedData;
import org.actionrec.motion.TestVideos;
import org.actionrec.video.RgbFrame;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of resize + crop + normalise on real 320x240 frames. Not part of the normal build; run with
 * {@code -Dtest=TransformSpeedBenchmark}. Results go to the log.
 */
class TransformSpeedBenchmark {
    private static final Logger log = LoggerFactory.getLogger(TransformSpeedBenchmark.class);

    @Test
    void measure() throws Exception {
        List<RgbFrame> frames = TestVideos.decode(TestVideos.firstJhmdbClip(SharedData.jhmdb()), 40);
        ImagePreprocessing cfg = ImagePreprocessing.IMAGENET;
        float[] batch = new float[10 * cfg.tensorLength()];
        int reps = 20;
        try (ImagePreprocessor p = new ImagePreprocessor(); ClipAugmenter a = new ClipAugmenter()) {
            for (int i = 0; i < 200; i++) {
                p.centreCrop(frames.get(i % frames.size()), batch, 0);
            }
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (RgbFrame f : frames) {
                    p.centreCrop(f, batch, 0);
                }
            }
            log.info("resize+centre crop+normalise: {} images/s",
                    String.format("%.0f", reps * frames.size() / ((System.nanoTime() - t0) / 1e9)));
            t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (RgbFrame f : frames) {
                    p.tenCrop(f, batch, 0);
                }
            }
            log.info("resize+ten crops+normalise: {} frames/s",
                    String.format("%.0f", reps * frames.size() / ((System.nanoTime() - t0) / 1e9)));
            Random rng = new Random(1);
            ClipAugmentationParams strong = new ClipAugmentationParams(0.5, 0.7, 1.1, 0.2, 0.2, 0.2);
            t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                ClipAugmentation aug = ClipAugmentation.draw(strong, rng);
                for (RgbFrame f : frames) {
                    a.apply(aug, f, batch, 0);
                }
            }
            log.info("augmented (scale crop + colour jitter): {} images/s",
                    String.format("%.0f", reps * frames.size() / ((System.nanoTime() - t0) / 1e9)));
        }
    }
}
