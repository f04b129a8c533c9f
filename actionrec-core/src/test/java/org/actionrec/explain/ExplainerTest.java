package org.actionrec.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.SharedData;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.head.ScoreFusion;
import org.actionrec.head.StreamNormaliser;
import org.actionrec.head.TemperatureScaling;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.model.pool.StreamPoolModel;
import org.actionrec.model.trained.FrozenSvmFusion;
import org.actionrec.model.trained.TrainedModelScorer;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.modelfile.ModelManifest;
import org.actionrec.motion.TestVideos;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.recognizer.ModelFiles;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.train.SequenceModels;
import org.actionrec.train.SequenceSample;
import org.actionrec.train.SequenceTrainer;
import org.actionrec.train.TrainingConfig;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations of models trained on videos made here, whose class is the half of the frame (top or bottom) a
 * moving bright square is in, over a textured background that differs from clip to clip: the evidence must lie
 * on the deciding half, for the frozen pool (exact CAM) and for a trained late-fusion model (Grad-CAM).
 */
class ExplainerTest {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int FRAMES = 20;
    static final int SQUARE = 26;
    static final List<String> CLASSES = List.of("bottom", "top"); // folder order
    static final StreamConfig STREAMS = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB, Stream.MHI));
    static final int TRAIN_PER_CLASS = 16;
    static final int TEST_PER_CLASS = 4;

    @TempDir
    static Path tmp;
    static Path onnx;
    static Path poolModel;
    static Path lateFusionModel;
    static final List<Path> testTop = new ArrayList<>();
    static final List<Path> testBottom = new ArrayList<>();

    @BeforeAll
    static void makeVideosAndTrainModels() throws Exception {
        onnx = SharedData.mobilenetV2().resolve("mobilenet_v2_features.onnx");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path splits = Files.createDirectories(data.resolve("splits"));
        Random random = new Random(Long.getLong("explain.seed", 42));
        List<Path> train = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            String label = CLASSES.get(c);
            Path dir = Files.createDirectories(data.resolve(label));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < TRAIN_PER_CLASS + TEST_PER_CLASS; i++) {
                String name = label + "_" + i + ".avi";
                Path video = TestVideos.writeFrames(dir.resolve(name), squareInHalf(label.equals("top"), random));
                boolean test = i >= TRAIN_PER_CLASS;
                lines.add(name + (test ? " 2" : " 1"));
                if (test) {
                    (label.equals("top") ? testTop : testBottom).add(video);
                } else {
                    train.add(video);
                    trainLabels.add(c);
                }
            }
            Files.write(splits.resolve(label + "_test_split1.txt"), lines);
        }
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, tmp.resolve("pool"),
                tmp.resolve("store"), STREAMS, 1, PoolSettings.DEFAULTS.withCValues(List.of(0.01, 0.1)), List.of(),
                false, DatasetOptions.DEFAULTS));
        try (Backbone b = Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            job.run(List.of(b), FrozenRecognizerJob.Listeners.NONE);
            lateFusionModel = trainLateFusion(b, train, trainLabels);
        }
        poolModel = tmp.resolve("pool").resolve(ModelFile.FILE_NAME);
    }

    /** A small late-fusion model on the training clips' rgb + mhi descriptors, written as a model file. */
    static Path trainLateFusion(Backbone backbone, List<Path> videos, List<Integer> labels) throws Exception {
        FeatureExtractor extractor = new FeatureExtractor(STREAMS, backbone.spec().preprocessing(), 1);
        List<SequenceSample> training = new ArrayList<>();
        List<SequenceSample> validation = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            ClipFeatures f = extractor.describe(videos.get(i), videos.get(i).getFileName().toString(), backbone);
            float[][] rgb = f.stream("rgb");
            float[][] mhi = f.stream("mhi");
            float[][] joined = new float[rgb.length][rgb[0].length + mhi[0].length];
            for (int t = 0; t < rgb.length; t++) {
                System.arraycopy(rgb[t], 0, joined[t], 0, rgb[t].length);
                System.arraycopy(mhi[t], 0, joined[t], rgb[t].length, mhi[t].length);
            }
            SequenceSample s = new SequenceSample(f.clip(), joined, labels.get(i));
            (i % TRAIN_PER_CLASS >= TRAIN_PER_CLASS - 3 ? validation : training).add(s);
        }
        TrainingConfig config = new TrainingConfig(30, 8, TrainingConfig.OptimizerKind.ADAM, 1e-3f, 0.9f, 1e-4f,
                TrainingConfig.LrSchedule.none(), 0.2f, 0, 3L);
        Path checkpoints = tmp.resolve("late-fusion").resolve("checkpoints");
        new SequenceTrainer(SequenceModels.ModelSpec.of("late-fusion").withHiddenSize(32), config, CLASSES)
                .train(training, validation, checkpoints, (d, t, item) -> { });
        Path file = tmp.resolve("late-fusion").resolve(ModelFile.FILE_NAME);
        ModelFiles.writeTrained(file, trained("late-fusion", STREAMS, ModelFiles.backboneRef(backbone.info())),
                List.of(checkpoints), null, Map.of(), null);
        return file;
    }

    /** The manifest of a trained test model of {@link #CLASSES}. */
    static ModelManifest.Builder trained(String model, StreamConfig streams, ModelManifest.BackboneRef backbone) {
        return ModelManifest.builder().setKind(ModelManifest.TRAINED, model).setClasses(CLASSES)
                .setInput(streams, backbone).optDescription("test " + model);
    }

    /**
     * A bright square moving left and right along the top or bottom edge, over a plain background whose level
     * differs from clip to clip (so that the background carries no class and a head learns to ignore it).
     */
    static List<RgbFrame> squareInHalf(boolean top, Random random) {
        int level = 10 + random.nextInt(110);
        byte[] background = new byte[WIDTH * HEIGHT * 3];
        for (int i = 0; i < background.length; i++) background[i] = (byte) (level + random.nextInt(9));
        int y0 = top ? random.nextInt(7) : HEIGHT - SQUARE - random.nextInt(7);
        int x = 40 + random.nextInt(50);
        int dx = random.nextBoolean() ? 4 : -4;
        List<RgbFrame> frames = new ArrayList<>();
        for (int t = 0; t < FRAMES; t++) {
            byte[] px = background.clone();
            for (int y = y0; y < y0 + SQUARE; y++) {
                for (int xx = x; xx < x + SQUARE; xx++) {
                    int i = (y * WIDTH + xx) * 3;
                    px[i] = (byte) 235;
                    px[i + 1] = (byte) 235;
                    px[i + 2] = (byte) 235;
                }
            }
            frames.add(new RgbFrame(WIDTH, HEIGHT, px));
            if (x + dx < 36 || x + dx + SQUARE > WIDTH - 36) dx = -dx;
            x += dx;
        }
        return frames;
    }

    /** The share of a class's positive evidence, over all views, that lies on the top half of the frame. */
    static double topShare(Explanation e, Explanation.ClassEvidence c) {
        double top = 0;
        double all = 0;
        int side = e.mapSide();
        for (int j = 0; j < e.views().size(); j++) {
            Explanation.View v = e.views().get(j);
            float[] map = c.maps().get(j);
            for (int cell = 0; cell < map.length; cell++) {
                if (map[cell] <= 0) continue;
                double y = v.cellCentreInFrame(cell, side, e.imageSide())[1];
                double topPart = Math.abs(y - HEIGHT / 2.0) < 1 ? 0.5 : y < HEIGHT / 2.0 ? 1 : 0;
                top += topPart * map[cell];
                all += map[cell];
            }
        }
        return all > 0 ? top / all : 0.5;
    }

    /** Mean share of the true class's evidence on the deciding half, over the test clips. */
    static double deciding(ActionRecognizer r) throws Exception {
        return deciding(r, testTop, testBottom);
    }

    /** Mean share of the true class's evidence on the deciding half, over the given clips. */
    static double deciding(ActionRecognizer r, List<Path> testTop, List<Path> testBottom) throws Exception {
        double sum = 0;
        int n = 0;
        for (Path v : testTop) {
            Explanation e = r.explain(v, ExplainOptions.defaults().withClasses(List.of("top")).withSaliencyViews(0));
            sum += topShare(e, e.classes().get(0));
            n++;
        }
        for (Path v : testBottom) {
            Explanation e = r.explain(v, ExplainOptions.defaults().withClasses(List.of("bottom")).withSaliencyViews(0));
            sum += 1 - topShare(e, e.classes().get(0));
            n++;
        }
        return sum / n;
    }

    static ActionRecognizer open(Path model) throws Exception {
        return ActionRecognizer.open(model, RecognizerOptions.defaults().withBackbone(onnx.toString()));
    }

    @Test
    void thePoolsEvidenceLiesOnTheDecidingHalf() throws Exception {
        try (ActionRecognizer r = open(poolModel)) {
            double share = deciding(r);
            System.out.printf("pool: %.3f of the evidence on the deciding half%n", share);
            assertThat(share).isGreaterThanOrEqualTo(0.7);
        }
    }

    @Test
    void theLateFusionModelsEvidenceLiesOnTheDecidingHalf() throws Exception {
        try (ActionRecognizer r = open(lateFusionModel)) {
            double share = deciding(r);
            System.out.printf("late fusion: %.3f of the evidence on the deciding half%n", share);
            assertThat(share).isGreaterThanOrEqualTo(0.7);
            Explanation e = r.explain(testTop.get(0), ExplainOptions.defaults().withSaliencyViews(0));
            assertThat(e.mapMethod()).isEqualTo(Explanation.GRAD_CAM);
            assertThat(e.classes().get(0).bias()).isNaN();
        }
    }

    @Test
    void thePoolsMapIsExactAndDiffersBetweenClasses() throws Exception {
        try (ActionRecognizer r = open(poolModel)) {
            Path video = testTop.get(1);
            Explanation e = r.explain(video, ExplainOptions.defaults().withClasses(List.of("top", "bottom"))
                    .withSaliencyViews(0));
            assertThat(e.mapMethod()).isEqualTo(Explanation.CAM);
            assertThat(e.views()).hasSize(2 * 5);
            double[] p = r.probabilities(video);
            for (Explanation.ClassEvidence c : e.classes()) {
                double sum = c.bias();
                for (float[] m : c.maps()) {
                    for (float v : m) sum += v;
                }
                assertThat(sum).isCloseTo(c.score(), within(1e-4 * Math.max(1, Math.abs(c.score()))));
                assertThat(c.probability()).isCloseTo(p[c.index()], within(1e-4));
                assertThat(java.util.Arrays.stream(c.shares()).sum()).isCloseTo(1.0, within(1e-9));
            }
            Explanation.ClassEvidence top = e.classes().get(0);
            Explanation.ClassEvidence bottom = e.classes().get(1);
            assertThat(top.maps().get(0)).isNotEqualTo(bottom.maps().get(0));
            assertThat(topShare(e, top)).isGreaterThan(topShare(e, bottom) + 0.2);
        }
    }

    @Test
    void saliencyAndTheFilesOfAnExplanation() throws Exception {
        try (ActionRecognizer r = open(poolModel)) {
            Explanation e = r.explain(testBottom.get(0), ExplainOptions.defaults().withSaliencyViews(3));
            Explanation.ClassEvidence c = e.classes().get(0);
            assertThat(e.saliencyMethod()).isEqualTo(GradientBackbone.METHOD);
            assertThat(c.saliency().stream().filter(java.util.Objects::nonNull).count()).isEqualTo(3);
            int[] main = Explainer.mainViews(c.shares(), 3);
            for (int j : main) {
                assertThat(c.saliency().get(j)).hasSize(e.imageSide() * e.imageSide());
                assertThat(ClassActivationMap.positiveMass(c.saliency().get(j))
                        + ClassActivationMap.positiveMass(negate(c.saliency().get(j)))).isPositive();
            }
            assertThat(e.views().get(0).activation()).hasSize(e.mapSide() * e.mapSide());

            Path out = tmp.resolve("explained");
            List<Path> files = ExplanationWriter.write(e, out);
            String stem = ExplanationWriter.safe(c.label());
            assertThat(files).contains(out.resolve(stem + "_k1_rgb.png"), out.resolve(stem + "_k5_mhi.png"),
                    out.resolve(stem + "_sheet.png"), out.resolve(stem + ".gif"), out.resolve(ExplanationWriter.JSON));
            assertThat(files).hasSize(e.views().size() + 3 + 3); // views, saliency views, sheet, gif, json
            assertThat(ImageIO.read(out.resolve(stem + "_k1_rgb.png").toFile()).getWidth())
                    .isEqualTo(e.imageSide() + HeatmapRenderer.BAR_WIDTH);
            try (ImageInputStream in = ImageIO.createImageInputStream(out.resolve(stem + ".gif").toFile())) {
                ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
                reader.setInput(in);
                assertThat(reader.getNumImages(true)).isEqualTo(5);
            }
            JsonNode json = new ObjectMapper().readTree(out.resolve(ExplanationWriter.JSON).toFile());
            assertThat(json.path("method").path("map").asText()).isEqualTo("cam");
            assertThat(json.path("classes").get(0).path("label").asText()).isEqualTo(c.label());
            assertThat(json.path("classes").get(0).path("probability").asDouble()).isBetween(0.0, 1.0);
            JsonNode view = json.path("classes").get(0).path("views").get(0);
            assertThat(view.path("peak").path("frameY").asDouble()).isBetween(0.0, (double) HEIGHT);
            assertThat(view.path("share").asDouble()).isBetween(0.0, 1.0);
            assertThat(json.path("provenance").path("convMap").path("sha256").asText()).hasSize(64);
            assertThat(json.path("provenance").path("backbone").path("sha256").asText()).hasSize(64);
        }
    }

    /**
     * A late-fusion model fused with the pool's frozen SVMs reads two inputs (its own 5 keyframes, and 3 of the
     * frozen streams): a prediction opens the video once, and so does an explanation, and the one decode gives
     * the scores that describing each input on its own gives.
     */
    @Test
    void aModelOfTwoInputsOpensItsVideoOncePerPredictionAndPerExplanation() throws Exception {
        StreamConfig frozen = STREAMS.withKeyframes(3);
        Path fused = tmp.resolve("fused").resolve(ModelFile.FILE_NAME);
        StreamPoolModel pool;
        try (var archive = ModelFile.open(poolModel)) {
            pool = archive.readJson(StreamPoolModel.ENTRY, StreamPoolModel.class);
        }
        List<String> fusedStreams = new ArrayList<>(List.of("late-fusion"));
        fusedStreams.addAll(pool.streams());
        List<Double> weights = fusedStreams.stream().map(x -> 1.0 / fusedStreams.size()).toList();
        List<StreamNormaliser> norms = fusedStreams.stream().map(x -> StreamNormaliser.identity()).toList();
        FrozenSvmFusion svms = new FrozenSvmFusion(pool.streams(), pool.heads(),
                new ScoreFusion(fusedStreams, weights, norms), frozen);
        Path checkpoints = tmp.resolve("late-fusion").resolve("checkpoints");
        try (Backbone b = Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            ModelFiles.writeTrained(fused, trained("late-fusion", STREAMS, ModelFiles.backboneRef(b.info())),
                    List.of(checkpoints), svms, Map.of(), null);
        }
        Path video = testTop.get(0);
        try (ActionRecognizer r = open(fused)) {
            long before = FfmpegVideoReader.opens();
            double[] p = r.probabilities(video);
            assertThat(FfmpegVideoReader.opens() - before).as("opens per prediction").isEqualTo(1);
            before = FfmpegVideoReader.opens();
            Explanation e = r.explain(video, ExplainOptions.defaults());
            assertThat(FfmpegVideoReader.opens() - before).as("opens per explanation").isEqualTo(1);
            assertThat(e.probabilities()).containsExactly(p, org.assertj.core.data.Offset.offset(1e-4));
            // the same scores as each input described on its own
            try (Backbone b = Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                    BackboneOptions.defaults());
                 TrainedModelScorer scorer = TrainedModelScorer.open(List.of(checkpoints), STREAMS, svms, null)) {
                String name = video.getFileName().toString();
                ClipFeatures own = new FeatureExtractor(STREAMS, b.spec().preprocessing(), 1).describe(video, name, b);
                ClipFeatures other = new FeatureExtractor(frozen, b.spec().preprocessing(), 1).describe(video, name, b);
                double[] separately = TemperatureScaling.identity().probabilities(scorer.score(List.of(own, other)));
                assertThat(p).containsExactly(separately, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void badInputGivesTheVideoPipelinesTypedErrors() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.avi"), "not a video at all");
        Path empty = Files.createFile(tmp.resolve("empty.avi"));
        try (ActionRecognizer r = open(poolModel)) {
            assertThatThrownBy(() -> r.explain(tmp.resolve("missing.avi"), ExplainOptions.defaults()))
                    .isInstanceOf(VideoReadException.class).hasMessageContaining("missing.avi")
                    .satisfies(x -> assertThat(((VideoReadException) x).reason())
                            .isEqualTo(VideoReadException.Reason.NOT_FOUND));
            assertThatThrownBy(() -> r.explain(empty, ExplainOptions.defaults()))
                    .isInstanceOf(VideoReadException.class)
                    .satisfies(x -> assertThat(((VideoReadException) x).reason())
                            .isEqualTo(VideoReadException.Reason.EMPTY_FILE));
            assertThatThrownBy(() -> r.explain(text, ExplainOptions.defaults()))
                    .isInstanceOf(VideoReadException.class).hasMessageContaining("notes.avi");
            assertThatThrownBy(() -> r.explain(testTop.get(0), ExplainOptions.defaults()
                    .withClasses(List.of("sideways")))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sideways").hasMessageContaining("top");
        }
    }

    private static float[] negate(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = -a[i];
        return out;
    }
}
