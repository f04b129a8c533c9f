package org.actionrec.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.actionrec.ProgressListener;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.dataset.VideoClip;
import org.actionrec.streams.ClipImages;
import org.actionrec.streams.KeyframeImages;
import org.actionrec.streams.StreamConfig;
import org.actionrec.streams.StreamImageExtractor;
import org.actionrec.transform.ImagePreprocessing;
import org.actionrec.transform.ImagePreprocessor;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.Interruption;
import org.actionrec.video.VideoFailure;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clips → descriptors in the {@link FeatureStore}. Worker threads decode, make the motion images and
 * preprocess into one tensor per clip; the calling thread feeds those tensors to the backbone, so decoding
 * and optical flow run on the cores while inference runs. Clips already in the store are skipped, unreadable
 * clips are recorded and skipped, so a killed run started again resumes where it stopped.
 */
public final class FeatureExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);

    private final StreamConfig streams;
    private final ImagePreprocessing preprocessing;
    private final VideoReader reader;
    private final int workers;

    /**
     * @param workers threads that decode and make images (1–2 on two cores: the backbone needs the rest)
     */
    public FeatureExtractor(StreamConfig streams, ImagePreprocessing preprocessing, VideoReader reader, int workers) {
        this.streams = streams;
        this.preprocessing = preprocessing;
        this.reader = reader;
        this.workers = Math.max(1, workers);
    }

    public FeatureExtractor(StreamConfig streams, ImagePreprocessing preprocessing, int workers) {
        this(streams, preprocessing, new FfmpegVideoReader(), workers);
    }

    /** The settings that identify descriptors made by this extractor with this backbone: the store's key. */
    public Map<String, Object> settings(Backbone backbone) {
        Map<String, Object> s = new LinkedHashMap<>(streams.settings());
        s.put("preprocessing", preprocessing.toString());
        s.put("backbone", backbone.info().name());
        s.put("backbone_sha256", backbone.info().sha256());
        s.put("descriptor_size", backbone.descriptorSize());
        return s;
    }

    /**
     * The descriptors of one video, on the calling thread, without a store: what prediction needs. The
     * preprocessing and stream settings are this extractor's, so the result matches stored features.
     */
    public ClipFeatures describe(Path video, String name, Backbone backbone)
            throws VideoReadException, BackboneException {
        return describe(video, name, backbone, reader).features();
    }

    /**
     * A clip's descriptors, what went wrong on the way that did not stop it (truncation, repeated frames), and
     * the time each stage took ({@link StageTimes#headSeconds()} 0: no head ran here).
     */
    public record Description(ClipFeatures features, List<String> warnings, StageTimes times) {
        public Description {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * As {@link #describe(Path, String, Backbone)}, reading the video with {@code videoReader} (e.g. an
     * {@link org.actionrec.video.InMemoryVideo} of frames decoded elsewhere), with the warnings.
     */
    public Description describe(Path video, String name, Backbone backbone, VideoReader videoReader)
            throws VideoReadException, BackboneException {
        Descriptions d = describe(video, name, backbone, videoReader, List.of(streams), preprocessing);
        return new Description(d.features().get(0), d.warnings(), d.times());
    }

    /**
     * A clip's descriptors for each of several inputs (stream settings), from one decode of the video: what a model that reads several inputs predicts from.
     */
    public record Descriptions(List<ClipFeatures> features, List<String> warnings, StageTimes times) {
        public Descriptions {
            features = List.copyOf(features);
            warnings = List.copyOf(warnings);
        }
    }

    /** As {@link #describe(Path, String, Backbone, VideoReader)} for several inputs; the video is decoded once. */
    public static Descriptions describe(Path video, String name, Backbone backbone, VideoReader videoReader,
                                        List<StreamConfig> inputs, ImagePreprocessing preprocessing)
            throws VideoReadException, BackboneException {
        try (ClipImages images = new ClipImages(videoReader, inputs);
                ImagePreprocessor prep = new ImagePreprocessor(preprocessing)) {
            List<KeyframeImages> made = images.extract(video);
            Interruption.check();
            long t0 = System.nanoTime();
            List<ClipFeatures> features = new ArrayList<>();
            LinkedHashSet<String> warnings = new LinkedHashSet<>();
            double decode = 0;
            double motion = 0;
            for (int i = 0; i < inputs.size(); i++) {
                // one batch per input, as the store's descriptors were made: the same images give the same floats
                float[] tensor = BackboneBatch.tensor(made.get(i), inputs.get(i), prep);
                float[][] descriptors = backbone.extract(tensor, BackboneBatch.images(inputs.get(i)));
                features.add(BackboneBatch.features(name, made.get(i), inputs.get(i), descriptors, 0));
                warnings.addAll(made.get(i).warnings());
                decode += made.get(i).decodeSeconds();
                motion += made.get(i).motionSeconds();
            }
            return new Descriptions(features, List.copyOf(warnings), new StageTimes(decode, motion,
                    (System.nanoTime() - t0) / 1e9, 0));
        }
    }

    /** A clip ready for the backbone: all its images, stream after stream, keyframe after keyframe. */
    private record Prepared(VideoClip clip, KeyframeImages images, float[] tensor, int count) {
    }

    private static final Prepared END = new Prepared(null, null, null, 0);

    public ExtractionResult extract(List<VideoClip> clips, Backbone backbone, FeatureStore store,
                                    ProgressListener progress) throws IOException, BackboneException, InterruptedException {
        return extract(clips, List.of(backbone), store, progress);
    }

    /**
     * As {@link #extract(List, Backbone, FeatureStore, ProgressListener)} with several sessions of the same
     * backbone running side by side (the calling thread drives the first): on two cores two one-thread
     * sessions beside the worker beat one two-thread session, whose threads wait on each other whenever the
     * worker holds a core.
     */
    public ExtractionResult extract(List<VideoClip> clips, List<Backbone> backbones, FeatureStore store,
                                    ProgressListener progress) throws IOException, BackboneException, InterruptedException {
        if (backbones.isEmpty()) {
            throw new IllegalArgumentException("at least one backbone session is needed");
        }
        for (Backbone b : backbones) {
            if (!b.info().sha256().equals(backbones.get(0).info().sha256())) {
                throw new IllegalArgumentException("backbone sessions must load the same file");
            }
        }
        long start = System.nanoTime();
        if (Boolean.parseBoolean(System.getProperty("actionrec.opencv.single", "true"))) {
            org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        }
        List<VideoClip> todo = new ArrayList<>();
        for (VideoClip c : clips) {
            if (!store.contains(c.relativeName(), c.path())) {
                todo.add(c);
            }
        }
        int reused = clips.size() - todo.size();
        AtomicInteger done = new AtomicInteger(reused);
        progress.progress(reused, clips.size(), "cached");
        List<VideoFailure> failures = Collections.synchronizedList(new ArrayList<>());
        int perClip = streams.orderedStreams().size() * streams.keyframes();

        BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(2 * (workers + backbones.size()));
        StageClock clock = new StageClock();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "extract-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                try (StreamImageExtractor images = new StreamImageExtractor(reader, streams);
                        ImagePreprocessor prep = new ImagePreprocessor(preprocessing)) {
                    for (int i = next.getAndIncrement(); i < todo.size(); i = next.getAndIncrement()) {
                        VideoClip clip = todo.get(i);
                        try {
                            long c0 = StageClock.cpu();
                            KeyframeImages k = images.extract(clip.path());
                            long c1 = StageClock.cpu();
                            Prepared p = new Prepared(clip, k, BackboneBatch.tensor(k, streams, prep), perClip);
                            long c2 = StageClock.cpu();
                            long t2 = System.nanoTime();
                            queue.put(p);
                            clock.worker(k, c1 - c0, c2 - c1, System.nanoTime() - t2);
                        } catch (VideoReadException e) {
                            failures.add(VideoFailure.of(clip.relativeName(), e));
                            progress.progress(done.incrementAndGet(), clips.size(), clip.relativeName());
                        } catch (RuntimeException e) {
                            // One odd file (an OpenCV error on its frames) must not end a batch of thousands.
                            LOG.warn("{}: {}", clip.path(), e.toString());
                            failures.add(new VideoFailure(clip.path(), clip.relativeName(),
                                    VideoReadException.Reason.DECODE_FAILED, clip.path() + ": " + e));
                            progress.progress(done.incrementAndGet(), clips.size(), clip.relativeName());
                        }
                    }
                } finally {
                    queue.put(END);
                }
                return null;
            }));
        }
        AtomicLong images = new AtomicLong();
        AtomicInteger endsSeen = new AtomicInteger();
        ExecutorService extraConsumers = Executors.newFixedThreadPool(Math.max(1, backbones.size() - 1), r -> {
            Thread t = new Thread(r, "extract-backbone");
            t.setDaemon(true);
            return t;
        });
        List<Future<Void>> consumers = new ArrayList<>();
        try {
            for (int b = 1; b < backbones.size(); b++) {
                Backbone session = backbones.get(b);
                consumers.add(extraConsumers.submit(() -> {
                    consume(session, queue, endsSeen, store, images, clock, done, clips.size(), progress);
                    return null;
                }));
            }
            consume(backbones.get(0), queue, endsSeen, store, images, clock, done, clips.size(), progress);
            for (Future<Void> f : consumers) {
                f.get();
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackboneException be) {
                throw be;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("extraction failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            extraConsumers.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.debug("extracted {} clips ({} images) in {} s", todo.size() - failures.size(), images, seconds);
        List<VideoFailure> sorted = new ArrayList<>(failures);
        sorted.sort(java.util.Comparator.comparing(VideoFailure::name));
        ExtractionResult.Stages stages = clock.stages();
        return new ExtractionResult(todo.size() - failures.size(), reused, sorted, images.get(), seconds,
                stages.backbone(), stages);
    }

    /**
     * Sums the threads' CPU nanoseconds by stage (wall time would count the time a thread waits for a core), and
     * their waits on the queue in wall time.
     */
    private static final class StageClock {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();

        private final AtomicLong decode = new AtomicLong();
        private final AtomicLong motion = new AtomicLong();
        private final AtomicLong preprocess = new AtomicLong();
        private final AtomicLong workersWaiting = new AtomicLong();
        private final AtomicLong backbone = new AtomicLong();
        private final AtomicLong store = new AtomicLong();
        private final AtomicLong backboneWaiting = new AtomicLong();

        /** The calling thread's CPU time in nanoseconds (its wall time where the JVM cannot tell). */
        static long cpu() {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        }

        /** {@code imagesCpu}: decode and motion images together, split between them as their wall times are. */
        void worker(KeyframeImages k, long imagesCpu, long preprocessCpu, long waitNanos) {
            double wall = k.decodeSeconds() + k.motionSeconds();
            long decodeCpu = wall > 0 ? Math.round(imagesCpu * k.decodeSeconds() / wall) : imagesCpu;
            decode.addAndGet(decodeCpu);
            motion.addAndGet(imagesCpu - decodeCpu);
            preprocess.addAndGet(preprocessCpu);
            workersWaiting.addAndGet(waitNanos);
        }

        void consumer(long waitNanos, long backboneNanos, long storeNanos) {
            backboneWaiting.addAndGet(waitNanos);
            backbone.addAndGet(backboneNanos);
            store.addAndGet(storeNanos);
        }

        ExtractionResult.Stages stages() {
            return new ExtractionResult.Stages(decode.get() / 1e9, motion.get() / 1e9, preprocess.get() / 1e9,
                    workersWaiting.get() / 1e9, backbone.get() / 1e9, store.get() / 1e9, backboneWaiting.get() / 1e9);
        }
    }

    /**
     * One backbone session's loop: takes prepared clips until every worker has finished. Each worker leaves one
     * END; the consumer that sees the last one puts it back so that every other consumer stops too.
     */
    private void consume(Backbone backbone, BlockingQueue<Prepared> queue, AtomicInteger endsSeen, FeatureStore store,
                         AtomicLong images, StageClock clock, AtomicInteger done, int total,
                         ProgressListener progress) throws InterruptedException, BackboneException, IOException {
        while (true) {
            long waiting = System.nanoTime();
            Prepared p = queue.take();
            if (p == END) {
                if (endsSeen.incrementAndGet() >= workers) {
                    queue.put(END);
                    return;
                }
                continue;
            }
            long t0 = System.nanoTime();
            long c0 = StageClock.cpu();
            float[][] descriptors = backbone.extract(p.tensor(), p.count());
            long c1 = StageClock.cpu();
            images.addAndGet(p.count());
            store.put(p.clip().path(), BackboneBatch.features(p.clip().relativeName(), p.images(), streams,
                    descriptors, 0));
            clock.consumer(t0 - waiting, c1 - c0, StageClock.cpu() - c1);
            progress.progress(done.incrementAndGet(), total, p.clip().relativeName());
        }
    }
}
