package org.actionrec.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Timer;
import java.util.TimerTask;
import java.util.function.Consumer;
import org.actionrec.ActionRecognizer;
import org.actionrec.ProgressListener;
import org.actionrec.Recognition;
import org.actionrec.RecognizerOptions;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.VideoClip;
import org.actionrec.live.LiveOptions;
import org.actionrec.live.LiveRun;
import org.actionrec.live.LiveSummary;
import org.actionrec.live.Source;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.Provenance;
import org.actionrec.streams.StreamConfig;
import org.actionrec.timeline.Timeline;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.TimelineWriter;
import org.actionrec.video.DecodedFrames;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.FramePlan;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The timeline with ground truth: the test clips of a split, concatenated in a seeded random order into one
 * video (30 fps, MPEG-4), recognised by models trained on the split's training side (the frozen pool with rgb
 * only and with all four streams, trained here from a feature store, and any model file given). For each model:
 * the clip-level top-1 on the same clips, the timeline's frame-level accuracy and segment F1 at temporal IoU 0.5,
 * throughput, peak RSS for that video and for one {@code lengthFactor} times longer, then live mode on the video
 * played in real time (latency p50/p95, dropped frames).
 *
 * <p>Longer than most classes here: the ground truth, the three measured runs and their figures belong to one
 * benchmark.
 */
public final class TimelineBenchmark {
    public static final double FPS = 30;

    /**
     * @param data         JHMDB-like folder with split files
     * @param classes      use only the first N classes (0: all), for a quick run
     * @param bestModel    a further model file to measure (trained on the same split's training side), or null
     * @param lengthFactor the longer video for peak RSS is this many passes over the test clips
     * @param longFor      which models also run the longer video ("rgb", "four", "best")
     * @param liveSeconds  seconds of live mode per model (0: the whole video)
     * @param timeline     windows and segments (the defaults unless asked otherwise)
     */
    public record Config(Path data, Path backbone, Path store, Path out, Path bestModel, int split, long seed,
                         int classes, int lengthFactor, List<String> longFor, double liveSeconds, int workers,
                         TimelineOptions timeline) {
        public Config {
            longFor = List.copyOf(longFor);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LiveFigures(double seconds, long frames, long dropped, int windows, double latencyP50S,
                              double latencyP95S, double latencyMaxS, String ended) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelFigures(String name, String modelFile, String description, int clips, double clipTop1Pct,
                               double frameAccuracyPct, double frameToClipPct, double segmentF1, int segments,
                               int truthSegments, double windowS, double strideS, double timelineSeconds,
                               double framesPerSecond, double timesRealTime, long peakRssBytes, Double longSeconds,
                               Double longTimesRealTime, Long longPeakRssBytes, Double rssGrowthPct, LiveFigures live) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String video, long frames, double durationS, String longVideo, long longFrames,
                         int testClips, List<ModelFigures> models, Map<String, Object> provenance) {
    }

    /** One clip's place in the long video. */
    private record Truth(String label, long first, long end) {
    }

    private final Config config;
    private final Consumer<String> status;

    public TimelineBenchmark(Config config, Consumer<String> status) {
        this.config = config;
        this.status = status;
    }

    public Result run() throws Exception {
        Files.createDirectories(config.out());
        Path data = config.classes() > 0 ? subset(config.data(), config.classes()) : config.data();
        LabelledDataset labelled = DatasetSource.open(data, DatasetOptions.DEFAULTS);
        List<VideoClip> test = labelled.splits().get(config.split() - 1).test();
        status.accept(test.size() + " test clips of split " + config.split() + ", " + labelled.dataset().classes().size()
                + " classes");
        List<Truth> truth = new ArrayList<>();
        Path video = config.out().resolve("timeline_split" + config.split() + ".avi");
        long frames = writeLongVideo(video, test, 1, truth);
        Path longVideo = config.out().resolve("timeline_split" + config.split() + "_x" + config.lengthFactor() + ".avi");
        boolean anyLong = !config.longFor().isEmpty() && config.lengthFactor() > 1;
        long longFrames = anyLong ? writeLongVideo(longVideo, test, config.lengthFactor(), new ArrayList<>()) : 0;

        Map<String, Path> models = new LinkedHashMap<>();
        models.put("rgb", trainPool(data, "rgb", StreamConfig.RGB_ONLY));
        models.put("four", trainPool(data, "four", StreamConfig.ALL_STREAMS));
        if (config.bestModel() != null) models.put("best", config.bestModel());

        List<ModelFigures> figures = new ArrayList<>();
        for (Map.Entry<String, Path> m : models.entrySet()) {
            figures.add(measure(m.getKey(), m.getValue(), test, video, frames, truth,
                    config.longFor().contains(m.getKey()) && anyLong ? longVideo : null));
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", data.toString());
        provenance.put("split", config.split());
        provenance.put("seed", config.seed());
        provenance.put("timeline_options", config.timeline());
        provenance.put("backbone", Provenance.Backbone.of("backbone", config.backbone()));
        provenance.put("versions", Provenance.Versions.detect());
        provenance.put("host", Provenance.Host.detect());
        provenance.put("date", java.time.OffsetDateTime.now().toString());
        provenance.put("truth", "each test clip is one segment of its class; neighbouring clips of one class are "
                + "merged into one segment for F1; frames are labelled by the timeline's segment at their centre");
        Result r = new Result(video.toString(), frames, frames / FPS, anyLong ? longVideo.toString() : null, longFrames,
                test.size(), figures, provenance);
        TimelineWriter.mapper().writeValue(config.out().resolve("bench_timeline.json").toFile(), r);
        return r;
    }

    /** The first N classes of a folder-per-class dataset with split files, as links (nothing copied). */
    private Path subset(Path data, int n) throws IOException {
        Path root = config.out().resolve("data-" + n + "-classes");
        Path splits = Files.createDirectories(root.resolve("splits"));
        List<String> classes;
        try (var s = Files.list(data)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(c -> !c.equals("splits")).sorted().limit(n).toList();
        }
        for (String c : classes) {
            Path link = root.resolve(c);
            if (!Files.exists(link)) Files.createSymbolicLink(link, data.resolve(c).toAbsolutePath());
            try (var s = Files.list(data.resolve("splits"))) {
                for (Path f : s.filter(p -> p.getFileName().toString().startsWith(c + "_test_split")).toList()) {
                    Files.copy(f, splits.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }

    /** Trains a frozen pool on the split's training side (descriptors from the store), unless its file is there. */
    private Path trainPool(Path data, String name, StreamConfig streams) throws Exception {
        Path dir = config.out().resolve("model-" + name);
        Path file = dir.resolve(ModelFile.FILE_NAME);
        if (Files.isRegularFile(file)) {
            status.accept(name + " pool: reusing " + file);
            return file;
        }
        status.accept(name + " pool: extracting (store " + config.store() + ") and training on split "
                + config.split());
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, dir, config.store(),
                streams, config.workers(), PoolSettings.DEFAULTS, List.of(config.split())));
        List<Backbone> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                sessions.add(Backbones.open(config.backbone(), BackboneRegistry.standard().forFile(config.backbone())
                        .orElseThrow(() -> new IllegalArgumentException("no backbone spec for " + config.backbone())),
                        BackboneOptions.defaults().withIntraOpThreads(1)));
            }
            job.extract(sessions, ProgressListener.NONE);
            job.trainAndSave(job.features(sessions.get(0)), config.split(), sessions.get(0), file);
        } finally {
            sessions.forEach(Backbone::close);
        }
        return file;
    }

    private ModelFigures measure(String name, Path modelFile, List<VideoClip> test, Path video, long frames,
                                 List<Truth> truth, Path longVideo) throws Exception {
        RecognizerOptions options = RecognizerOptions.defaults().withBackbone(config.backbone().toString())
                .forWindows(); // as `actionrec timeline` and `live` run
        try (ActionRecognizer r = ActionRecognizer.open(modelFile, options)) {
            status.accept(name + ": clip-level top-1 on " + test.size() + " clips");
            int correct = 0;
            int clips = 0;
            for (VideoClip c : test) {
                try {
                    Recognition rec = r.predict(c.path(), 1);
                    clips++;
                    if (rec.top().get(0).label().equals(c.label())) correct++;
                } catch (VideoReadException e) {
                    status.accept("  skipped " + c.relativeName() + ": " + e.getMessage());
                }
            }
            double clipTop1 = 100.0 * correct / Math.max(1, clips);

            status.accept(name + ": timeline of " + video.getFileName());
            System.gc();
            PeakMemory.reset();
            long t0 = System.nanoTime();
            Timeline t = r.timeline(video, config.timeline());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = PeakMemory.peakRssBytes();
            TimelineWriter.writeAll(config.out().resolve("timeline-" + name), t, r.classes());
            double frameAccuracy = 100.0 * frameAccuracy(t, truth, frames);
            List<Truth> merged = merged(truth);
            double f1 = segmentF1(t.segments(), merged, 0.5);

            Double longSeconds = null;
            Double longTimes = null;
            Long longPeak = null;
            Double growth = null;
            if (longVideo != null) {
                status.accept(name + ": timeline of " + longVideo.getFileName() + " (peak RSS)");
                System.gc();
                PeakMemory.reset();
                long l0 = System.nanoTime();
                Timeline lt = r.timeline(longVideo, config.timeline());
                longSeconds = (System.nanoTime() - l0) / 1e9;
                longTimes = lt.durationS() / longSeconds;
                longPeak = PeakMemory.peakRssBytes();
                growth = 100.0 * (longPeak - peak) / peak;
            }

            status.accept(name + ": live, " + video.getFileName() + " played in real time"
                    + (config.liveSeconds() > 0 ? " for " + config.liveSeconds() + " s" : ""));
            LiveRun run = new LiveRun(Source.file(video), LiveOptions.DEFAULTS.withRealtime(true)
                    .withWindow(config.timeline().windowS(), config.timeline().strideS()));
            Timer timer = new Timer("bench-live-stop", true);
            if (config.liveSeconds() > 0) {
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        run.stop();
                    }
                }, (long) (config.liveSeconds() * 1000));
            }
            LiveSummary s;
            try {
                s = r.live(run, w -> { });
            } finally {
                timer.cancel();
            }
            LiveFigures live = new LiveFigures(s.seconds(), s.frames(), s.dropped(), s.windows(), s.latencyP50S(),
                    s.latencyP95S(), s.latencyMaxS(), s.ended());
            double fps = frames / seconds;
            return new ModelFigures(name, modelFile.toString(), r.model().description(), clips, clipTop1,
                    frameAccuracy, clipTop1 > 0 ? 100 * frameAccuracy / clipTop1 : Double.NaN, f1,
                    t.segments().size(), merged.size(), t.windowS(), t.strideS(), seconds, fps, fps / t.fps(), peak,
                    longSeconds, longTimes, longPeak, growth, live);
        }
    }

    /** Fraction of the video's frames whose timeline label (at the frame's centre) is the true one. */
    static double frameAccuracy(Timeline t, List<Truth> truth, long frames) {
        long correct = 0;
        for (Truth c : truth) {
            for (long f = c.first(); f < c.end(); f++) {
                if (c.label().equals(t.labelAt((f + 0.5) / FPS))) correct++;
            }
        }
        return frames == 0 ? 0 : correct / (double) frames;
    }

    private static List<Truth> merged(List<Truth> truth) {
        List<Truth> out = new ArrayList<>();
        for (Truth c : truth) {
            if (!out.isEmpty() && out.get(out.size() - 1).label().equals(c.label())) {
                out.set(out.size() - 1, new Truth(c.label(), out.get(out.size() - 1).first(), c.end()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * F1 of predicted segments against the true ones: predictions taken by score, each matched to the unmatched
     * true segment of its label with the highest temporal IoU, counted when that IoU reaches {@code iou}.
     */
    static double segmentF1(List<Timeline.Segment> predicted, List<Truth> truth, double iou) {
        List<Timeline.Segment> byScore = new ArrayList<>(predicted);
        byScore.sort((a, b) -> Double.compare(b.score(), a.score()));
        boolean[] used = new boolean[truth.size()];
        int tp = 0;
        for (Timeline.Segment p : byScore) {
            int best = -1;
            double bestIou = iou;
            for (int i = 0; i < truth.size(); i++) {
                Truth g = truth.get(i);
                if (used[i] || !g.label().equals(p.label())) continue;
                double gs = g.first() / FPS;
                double ge = g.end() / FPS;
                double inter = Math.max(0, Math.min(ge, p.endS()) - Math.max(gs, p.startS()));
                double union = Math.max(ge, p.endS()) - Math.min(gs, p.startS());
                double v = union > 0 ? inter / union : 0;
                if (v >= bestIou) {
                    bestIou = v;
                    best = i;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        if (tp == 0) return 0;
        double precision = tp / (double) predicted.size();
        double recall = tp / (double) truth.size();
        return 2 * precision * recall / (precision + recall);
    }

    /**
     * Writes {@code passes} passes over the clips (each pass in its own seeded order) at 30 fps; the truth of
     * every clip's frames goes into {@code truth}. An existing file with its truth CSV is reused.
     */
    private long writeLongVideo(Path file, List<VideoClip> clips, int passes, List<Truth> truth) throws IOException {
        Path truthCsv = file.resolveSibling(file.getFileName() + ".truth.csv");
        if (Files.isRegularFile(file) && Files.isRegularFile(truthCsv)) {
            List<String> lines = Files.readAllLines(truthCsv);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                truth.add(new Truth(f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
            status.accept("reusing " + file + " (" + truth.get(truth.size() - 1).end() + " frames)");
            return truth.get(truth.size() - 1).end();
        }
        status.accept("writing " + file + " (" + passes + " pass" + (passes > 1 ? "es" : "") + " over " + clips.size()
                + " clips)");
        FfmpegVideoReader reader = new FfmpegVideoReader();
        List<String> csv = new ArrayList<>(List.of("clip,label,first_frame,end_frame"));
        long written = 0;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.avi");
        FFmpegFrameRecorder rec = null;
        try {
            for (int pass = 0; pass < passes; pass++) {
                List<VideoClip> order = new ArrayList<>(clips);
                Collections.shuffle(order, new Random(config.seed() + pass));
                for (VideoClip c : order) {
                    DecodedFrames d;
                    try {
                        d = reader.read(c.path(), FramePlan.all());
                    } catch (VideoReadException e) {
                        status.accept("  left out " + c.relativeName() + ": " + e.getMessage());
                        continue;
                    }
                    if (rec == null) {
                        RgbFrame f0 = d.frame(0);
                        rec = new FFmpegFrameRecorder(tmp.toFile(), f0.width(), f0.height(), 0);
                        rec.setFormat("avi");
                        rec.setVideoCodec(AV_CODEC_ID_MPEG4);
                        rec.setPixelFormat(AV_PIX_FMT_YUV420P);
                        rec.setFrameRate(FPS);
                        rec.setVideoQuality(2);
                        rec.setGopSize(12);
                        rec.start();
                    }
                    long first = written;
                    for (int i = 0; i < d.frameCount(); i++) {
                        record(rec, fit(d.frame(i), rec.getImageWidth(), rec.getImageHeight()));
                        written++;
                    }
                    truth.add(new Truth(c.label(), first, written));
                    csv.add(c.relativeName() + "," + c.label() + "," + first + "," + written);
                }
            }
        } finally {
            if (rec != null) {
                rec.stop();
                rec.release();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(truthCsv, csv, StandardCharsets.UTF_8);
        return written;
    }

    /** A frame of another size, scaled (nearest pixel) to the video's. */
    private static RgbFrame fit(RgbFrame f, int w, int h) {
        if (f.width() == w && f.height() == h) return f;
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = y * f.height() / h;
            for (int x = 0; x < w; x++) {
                int sx = x * f.width() / w;
                System.arraycopy(f.pixels(), (sy * f.width() + sx) * 3, px, (y * w + x) * 3, 3);
            }
        }
        return new RgbFrame(w, h, px);
    }

    private static void record(FFmpegFrameRecorder rec, RgbFrame f) throws IOException {
        try (Frame frame = new Frame(f.width(), f.height(), Frame.DEPTH_UBYTE, 3)) {
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int y = 0; y < f.height(); y++) {
                buf.put(y * frame.imageStride, f.pixels(), y * f.width() * 3, f.width() * 3);
            }
            rec.record(frame, AV_PIX_FMT_RGB24);
        }
    }
}
