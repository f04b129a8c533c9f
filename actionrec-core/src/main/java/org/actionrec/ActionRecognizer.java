package org.actionrec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneLoadException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.BackboneSpec;
import org.actionrec.backbone.ModelResolver;
import org.actionrec.backbone.ModelResolverConfig;
import org.actionrec.explain.ExplainOptions;
import org.actionrec.explain.Explainer;
import org.actionrec.explain.Explanation;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.StageTimes;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.ClipScorer;
import org.actionrec.model.ModelKind;
import org.actionrec.model.registry.ModelKinds;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.modelfile.ModelFileException;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.recognizer.ModelMismatchException;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.InMemoryVideo;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReader;

/**
 * The one door into recognition: opens a model file ({@code model.actionrec}) and recognises videos, given as
 * files or as frames decoded elsewhere, with calibrated class probabilities.
 *
 * <pre>{@code
 * try (ActionRecognizer r = ActionRecognizer.open(Path.of("out/model.actionrec"))) {
 *     Recognition result = r.predict(Path.of("clip.mp4"));
 *     System.out.println(result.top().get(0).label() + " " + result.top().get(0).probability());
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may predict at once and get the answers one thread would. Each prediction
 * borrows one of {@link RecognizerOptions#sessions()} backbone sessions (a thread waits while all are busy);
 * the heads after the backbone are shared. A timeline or live run also takes a second session where one is idle
 * (open with {@link RecognizerOptions#forWindows()} for that: on 2 cores the faster way to run the windows).
 */
public final class ActionRecognizer implements AutoCloseable {
    private final ModelArchive archive;
    private final ClipScorer scorer;
    private final TemperatureScaling calibration;
    private final List<Backbone> backbones;
    private final BlockingQueue<Backbone> idle;
    private final int top;
    private final VideoReader files = new FfmpegVideoReader();
    private final RecognizerOptions options;
    private Explainer explainer; // opened on the first explanation

    private ActionRecognizer(ModelArchive archive, ClipScorer scorer, List<Backbone> backbones,
                             RecognizerOptions options) {
        this.options = options;
        int top = options.top();
        this.archive = archive;
        this.scorer = scorer;
        this.calibration = archive.manifest().calibration();
        this.backbones = List.copyOf(backbones);
        this.idle = new ArrayBlockingQueue<>(backbones.size(), false, backbones);
        this.top = top;
    }

    /** Opens a model file with the default options (the backbone it embeds or names). */
    public static ActionRecognizer open(Path modelFile) throws IOException, BackboneException, ModelMismatchException {
        return open(modelFile, RecognizerOptions.defaults());
    }

    /**
     * Opens a model file.
     *
     * @throws ModelFileException     the file is missing, truncated, corrupted, foreign or of a newer format
     * @throws ModelMismatchException the backbone found is not the one the model was trained with (by sha256)
     * @throws BackboneException      the backbone cannot be found or loaded
     */
    public static ActionRecognizer open(Path modelFile, RecognizerOptions options)
            throws IOException, BackboneException, ModelMismatchException {
        ModelArchive archive = ModelFile.open(modelFile);
        ClipScorer scorer = null;
        List<Backbone> backbones = new ArrayList<>();
        try {
            ModelKind kind = ModelKinds.of(archive);
            scorer = kind.open(archive);
            for (int i = 0; i < options.sessions(); i++) backbones.add(openBackbone(archive, kind, options));
            return new ActionRecognizer(archive, scorer, backbones, options);
        } catch (IOException | BackboneException | ModelMismatchException | RuntimeException e) {
            backbones.forEach(Backbone::close);
            if (scorer != null) scorer.close();
            archive.close();
            throw e;
        }
    }

    /** What the model file says of itself: classes, streams, backbone, protocol, test figures, provenance. */
    public ModelManifest model() {
        return archive.manifest();
    }

    public List<String> classes() {
        return archive.manifest().classes();
    }

    /** The video's most likely classes ({@link RecognizerOptions#top()}). */
    public Recognition predict(Path video) throws VideoReadException, BackboneException {
        return predict(video, top);
    }

    public Recognition predict(Path video, int topK) throws VideoReadException, BackboneException {
        return recognise(video, video.toString(), files, topK);
    }

    /**
     * Frames decoded elsewhere (a camera, an upload), sampled as a file of those frames would be.
     *
     * @param fps  their frame rate, 0 where unknown
     * @param name what to call the video in the result
     */
    public Recognition predict(List<RgbFrame> frames, double fps, String name, int topK)
            throws VideoReadException, BackboneException {
        Path path = Path.of(name);
        return recognise(path, name, new InMemoryVideo(frames, fps, path), topK);
    }

    /** Calibrated probabilities of every class for a video, in {@link #classes()} order. */
    public double[] probabilities(Path video) throws VideoReadException, BackboneException {
        return calibration.probabilities(scores(video, files).scores());
    }

    /**
     * Where the model's evidence lies in the video, per keyframe and stream it reads: maps over the backbone's
     * last convolution (exact CAM for the stream pool, Grad-CAM for trained descriptor models) and pixel
     * saliency, as arrays. Needs the backbone's conv-map companion (e.g. {@code mobilenet_v2_convmap.onnx})
     * beside the backbone, the model file or in the model folder, and for saliency its TorchScript file.
     *
     * @see Explainer
     */
    public Explanation explain(Path video, ExplainOptions explain) throws VideoReadException, BackboneException {
        Explainer e = explainer();
        Backbone backbone = borrow();
        try {
            return e.explain(video, video.getFileName() == null ? video.toString() : video.getFileName().toString(),
                    files, backbone, explain);
        } finally {
            idle.add(backbone);
        }
    }

    private synchronized Explainer explainer() throws BackboneException {
        if (explainer == null) {
            List<Path> folders = new ArrayList<>();
            Optional.ofNullable(archive.file().toAbsolutePath().getParent()).ifPresent(folders::add);
            folders.add(options.modelDir() != null ? options.modelDir() : ModelResolverConfig.inUserHome().modelDir());
            explainer = Explainer.open(scorer, classes(), calibration, backbones.get(0).info(), folders,
                    BackboneOptions.defaults().withIntraOpThreads(options.threads()), about());
        }
        return explainer;
    }

    private Map<String, Object> about() {
        ModelManifest m = archive.manifest();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("file", archive.file().toAbsolutePath().toString());
        about.put("kind", m.kind());
        about.put("model", m.model());
        about.put("description", m.description());
        about.put("classes", m.classes().size());
        about.put("protocol", m.protocol());
        return about;
    }

    private Recognition recognise(Path video, String name, VideoReader reader, int topK)
            throws VideoReadException, BackboneException {
        if (topK < 1) throw new IllegalArgumentException("top must be at least 1, got " + topK);
        Scored s = scores(video, reader);
        long t0 = System.nanoTime();
        double[] p = calibration.probabilities(s.scores());
        List<Recognition.ClassProbability> all = new ArrayList<>();
        for (int c = 0; c < p.length; c++) all.add(new Recognition.ClassProbability(classes().get(c), p[c]));
        all.sort(Comparator.comparingDouble(Recognition.ClassProbability::probability).reversed());
        StageTimes times = s.times().withHead(s.times().headSeconds() + (System.nanoTime() - t0) / 1e9);
        return new Recognition(name, s.frames(), s.warnings(), all.subList(0, Math.min(topK, all.size())), times);
    }

    private record Scored(float[] scores, int frames, List<String> warnings, StageTimes times) {
    }

    private Scored scores(Path video, VideoReader reader) throws VideoReadException, BackboneException {
        Backbone backbone = borrow();
        try {
            FeatureExtractor.Descriptions d = FeatureExtractor.describe(video, video.getFileName() == null
                    ? video.toString() : video.getFileName().toString(), backbone, reader, scorer.inputs(),
                    backbone.spec().preprocessing());
            List<ClipFeatures> inputs = d.features();
            int frames = inputs.get(0).frameCount();
            StageTimes times = d.times();
            List<String> warnings = d.warnings();
            long t0 = System.nanoTime();
            float[] scores = scorer.score(inputs);
            return new Scored(scores, frames, warnings, times.withHead((System.nanoTime() - t0) / 1e9));
        } finally {
            idle.add(backbone);
        }
    }

    /**
     * The timeline of a video of any length: windows sampled as the model's training clips were, their
     * probabilities raw and smoothed, and merged segments ({@link org.actionrec.timeline}).
     */
    public org.actionrec.timeline.Timeline timeline(Path video, org.actionrec.timeline.TimelineOptions options)
            throws VideoReadException, BackboneException {
        return timeline(video, options, w -> { }, () -> false);
    }

    /**
     * As {@link #timeline(Path, org.actionrec.timeline.TimelineOptions)}, handing each window to {@code each}
     * as it is scored (e.g. for progress: its end over the video's duration) and stopping early, with the
     * windows so far, once {@code stop} answers true.
     */
    public org.actionrec.timeline.Timeline timeline(Path video, org.actionrec.timeline.TimelineOptions options,
                                                    java.util.function.Consumer<org.actionrec.timeline.WindowResult> each,
                                                    java.util.function.BooleanSupplier stop)
            throws VideoReadException, BackboneException {
        List<Backbone> sessions = borrowForWindows();
        try {
            return org.actionrec.live.TimelineRun.of(video, windowModel(sessions), model(), archive.file(), options,
                    each, stop);
        } finally {
            idle.addAll(sessions);
        }
    }

    /**
     * Recognises a file, stream or device as it plays, each window handed to {@code listener} as it is scored
     * (in order, on the window engine's scoring thread), until the source ends, is given up on, or
     * {@code run.stop()} ({@link org.actionrec.live}).
     */
    public org.actionrec.live.LiveSummary live(org.actionrec.live.LiveRun run,
                                               java.util.function.Consumer<org.actionrec.timeline.WindowResult> listener)
            throws VideoReadException, BackboneException {
        List<Backbone> sessions = borrowForWindows();
        try {
            return run.run(windowModel(sessions), org.actionrec.recognizer.TrainingClips.of(model()), listener);
        } finally {
            idle.addAll(sessions);
        }
    }

    private org.actionrec.timeline.WindowModel windowModel(List<Backbone> sessions) {
        return new org.actionrec.timeline.WindowModel(sessions, scorer, calibration, classes());
    }

    /**
     * A session for a timeline or live run (waiting while all are busy), and a second one if another is idle
     * then: the window engine describes neighbouring windows on the two at once.
     */
    private List<Backbone> borrowForWindows() {
        List<Backbone> sessions = new ArrayList<>(List.of(borrow()));
        Backbone second = idle.poll();
        if (second != null) sessions.add(second);
        return sessions;
    }

    private Backbone borrow() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a backbone session");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (explainer != null) explainer.close();
        }
        backbones.forEach(Backbone::close);
        scorer.close();
        archive.close();
    }

    /** The backbone the options name, else the embedded one, else the named file beside the model or in the folder. */
    private static Backbone openBackbone(ModelArchive archive, ModelKind kind, RecognizerOptions options)
            throws IOException, BackboneException, ModelMismatchException {
        ModelManifest.BackboneRef want = archive.manifest().backbone();
        BackboneRegistry registry = BackboneRegistry.standard();
        ModelResolverConfig config = ModelResolverConfig.inUserHome().withAllowDownload(options.allowDownload());
        if (options.modelDir() != null) config = config.withModelDir(options.modelDir());
        // One-thread sessions run side by side (timeline, live, the service's workers): batches of 2 keep a forward
        // pass's activations in its core's cache; with MobileNetV2 on ONNX Runtime they took 5% less CPU than 8
        // (docs/RESULTS.md; -Dactionrec.backbone.batch=N sets another size).
        BackboneOptions engine = BackboneOptions.defaults().withIntraOpThreads(options.threads())
                .withPreferredBatchSize(Integer.getInteger("actionrec.backbone.batch",
                        options.threads() == 1 ? 2 : BackboneOptions.DEFAULT_BATCH_SIZE));
        Optional<Backbone> builtIn = kind.builtInBackbone(want);
        if (builtIn.isPresent()) {
            // a model that learnt from pixels carries its (fine-tuned) network: a backbone option does not apply
            return builtIn.get();
        }
        Path file;
        if (options.backbone() != null) {
            file = new ModelResolver(config).resolve(options.backbone()).file();
        } else {
            file = want.embedded() != null ? archive.path(want.embedded()) : findNamed(archive, want, config);
        }
        BackboneSpec spec = registry.forFile(file).or(() -> registry.find(want.name()))
                .orElseThrow(() -> new BackboneLoadException("no backbone spec for " + want.name()));
        Backbone backbone = kind.openBackbone(file, spec, engine);
        if (!want.sha256().equalsIgnoreCase(backbone.info().sha256())) {
            String found = backbone.info().file() + " has sha256 " + backbone.info().sha256();
            backbone.close();
            throw new ModelMismatchException(archive.file() + " was trained on backbone " + want.name() + " ("
                    + want.fileName() + ", sha256 " + want.sha256() + "), but " + found
                    + "; pass the backbone file the model was trained with" + org.actionrec.backbone.QuantizedFrom
                    .mismatchHint(want.sha256(), java.util.Optional.ofNullable(want.quantizedFrom()), file));
        }
        return backbone;
    }

    private static Path findNamed(ModelArchive archive, ModelManifest.BackboneRef want, ModelResolverConfig config)
            throws BackboneLoadException {
        List<Path> tried = new ArrayList<>();
        Path parent = archive.file().toAbsolutePath().getParent();
        for (Path dir : Optional.ofNullable(parent).map(p -> List.of(p, config.modelDir())).orElse(
                List.of(config.modelDir()))) {
            if (want.fileName() == null) break;
            Path candidate = dir.resolve(want.fileName());
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new BackboneLoadException(archive.file() + " needs backbone " + want.name() + " (" + want.fileName()
                + ", sha256 " + want.sha256() + "), which is not embedded and not found at " + tried
                + ": pass it with -b (RecognizerOptions.withBackbone), put it in the model folder, or write the "
                + "model with --embed-backbone");
    }
}
