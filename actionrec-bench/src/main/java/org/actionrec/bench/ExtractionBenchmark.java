package org.actionrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ExtractionResult;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;

/**
 * End-to-end extraction speed (decode + sample + motion + preprocess + backbone, into an empty store) beside
 * the backbone's own speed on the same number of images at the same batch size, in one process.
 */
public final class ExtractionBenchmark {
    public record Result(ExtractionResult extraction, long backboneImages, double backboneSeconds, long peakRssBytes) {
        public double endToEndPerSecond() {
            return extraction.imagesPerSecond();
        }

        public double backboneAlonePerSecond() {
            return backboneSeconds > 0 ? backboneImages / backboneSeconds : 0;
        }

        /** End-to-end over backbone-alone: 1.0 means decoding and preprocessing are fully hidden. */
        public double ratio() {
            double b = backboneAlonePerSecond();
            return b > 0 ? endToEndPerSecond() / b : 0;
        }
    }

    private ExtractionBenchmark() {
    }

    /**
     * @param sessions sessions of one backbone file, used side by side as in extraction; the backbone-alone
     *     figure runs the same sessions concurrently on inputs already in memory
     */
    public static Result run(FeatureExtractor extractor, List<Backbone> sessions, List<VideoClip> clips,
                             int imagesPerClip, ProgressListener progress)
            throws IOException, BackboneException, InterruptedException {
        Path scratch = Files.createTempDirectory("actionrec-bench-");
        try {
            FeatureStore store = new FeatureStore(scratch, extractor.settings(sessions.get(0)));
            ExtractionResult e = extractor.extract(clips, sessions, store, progress);
            float[] batch = new float[imagesPerClip * sessions.get(0).floatsPerImage()];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
            for (int i = 0; i < batch.length; i++) {
                batch[i] = (float) rnd.nextGaussian();
            }
            for (Backbone b : sessions) {
                b.extract(batch, imagesPerClip); // warm-up
            }
            long callsPerSession = Math.max(1, e.images() / imagesPerClip / sessions.size());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sessions.size());
            long t0 = System.nanoTime();
            try {
                List<java.util.concurrent.Future<Void>> running = new java.util.ArrayList<>();
                for (Backbone b : sessions) {
                    float[] own = batch.clone();
                    running.add(pool.submit(() -> {
                        for (long c = 0; c < callsPerSession; c++) {
                            b.extract(own, imagesPerClip);
                        }
                        return null;
                    }));
                }
                for (var f : running) {
                    f.get();
                }
            } catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException("backbone benchmark failed: " + ex.getCause(), ex.getCause());
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(e, callsPerSession * sessions.size() * imagesPerClip, seconds, PeakMemory.peakRssBytes());
        } finally {
            try (Stream<Path> s = Files.walk(scratch)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
