package org.actionrec.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.actionrec.backbone.BackboneException;
import org.actionrec.eval.Percentiles;
import org.actionrec.recognizer.TrainingClips;
import org.actionrec.timeline.WindowEngine;
import org.actionrec.timeline.WindowModel;
import org.actionrec.timeline.WindowPlan;
import org.actionrec.timeline.WindowResult;
import org.actionrec.video.VideoReadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognition of a source as it plays: one reader thread feeds the bounded queue; the calling thread runs the
 * {@link WindowEngine} (the timeline's windowing, unchanged) and hands each window to the listener as it is
 * scored. {@link #stop()} from any thread (Ctrl-C) ends it cleanly: the windows so far stay delivered and
 * {@link #run} returns the summary.
 */
public final class LiveRun {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);

    private final Source source;
    private final LiveOptions options;
    private volatile FrameReader reader;
    private volatile boolean stopRequested;

    public LiveRun(Source source, LiveOptions options) {
        this.source = source;
        this.options = options;
    }

    /** Ends the run at the next frame; safe from any thread, also before the run starts. */
    public void stop() {
        stopRequested = true;
        FrameReader r = reader;
        if (r != null) r.stop();
    }

    /**
     * Runs until the source ends, the reader gives up on it, or {@link #stop()}.
     *
     * @param training the model's training clip durations, for the default window
     * @throws VideoReadException the source could not be opened, or gave not one frame (typed)
     */
    public LiveSummary run(WindowModel model, Optional<TrainingClips> training, Consumer<WindowResult> listener)
            throws VideoReadException, BackboneException {
        long t0 = System.nanoTime();
        if (Boolean.parseBoolean(System.getProperty("actionrec.opencv.single", "true"))) {
            // as in extraction: the reader, the image stage and the backbone are the parallelism; OpenCV's own pool
            // would compete with them for the cores
            org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        }
        ReconnectPolicy policy = options.reconnect();
        FrameReader.Opener opener = () -> FfmpegFrameSource.open(source, policy.readTimeout().toMillis());
        FrameSource first = openFirst(opener, policy);
        WindowPlan plan = WindowPlan.of(first.fps(), options.windowS(), options.strideS(), model.keyframes(), training);
        boolean drops = options.drops(source);
        FrameQueue queue = new FrameQueue(options.queueFrames(), drops);
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        String ended;
        try (WindowEngine engine = new WindowEngine(model, plan, w -> {
            latencies.add(w.latencyS());
            listener.accept(w);
        })) {
            FrameReader r = new FrameReader(first, opener, queue, options.realtime(), policy,
                    drops ? i -> true : engine::reads, engine.buffers());
            reader = r;
            if (stopRequested) r.stop();
            r.start();
            try {
                while (true) {
                    FrameQueue.Item item = queue.poll(1000);
                    if (item == null) continue;
                    if (item instanceof FrameQueue.Item.Frame f) {
                        engine.accept(f.rgb(), f.timeS(), f.arrivalNanos());
                    } else if (item instanceof FrameQueue.Item.Gap) {
                        engine.restart();
                    } else if (item instanceof FrameQueue.Item.End end) {
                        engine.finish();
                        ended = end.why();
                        if (engine.frames() == 0) {
                            throw end.error() != null ? end.error() : source.error(
                                    VideoReadException.Reason.NO_FRAMES, "the source gave no frame (" + end.why() + ")", null);
                        }
                        if (end.error() != null) LOG.warn("{}: {}", source, end.error().getMessage());
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                engine.finish();
                ended = "interrupted";
            } finally {
                r.close();
            }
            double[] sorted = List.copyOf(latencies).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new LiveSummary(source.toString(), plan.fps(), plan, engine.frames(), queue.dropped(),
                    engine.windows(), r.reconnects(), ended, (System.nanoTime() - t0) / 1e9, Percentiles.nearestRank(sorted, 0.5),
                    Percentiles.nearestRank(sorted, 0.95), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        }
    }

    /** A stream or device not up yet is tried again as a lost one would be; a file's error is final. */
    private FrameSource openFirst(FrameReader.Opener opener, ReconnectPolicy policy) throws VideoReadException {
        for (int attempt = 1; ; attempt++) {
            try {
                return opener.open();
            } catch (VideoReadException e) {
                if (!source.reconnects() || attempt > policy.attempts() || stopRequested) throw e;
                LOG.info("{}: {}; trying again (attempt {} of {})", source, e.getMessage(), attempt,
                        policy.attempts());
                try {
                    Thread.sleep(policy.delay(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
