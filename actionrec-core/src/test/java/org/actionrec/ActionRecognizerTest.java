package org.actionrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.recognizer.ModelMismatchException;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.DecodedFrames;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.FramePlan;
import org.actionrec.video.RgbFrame;
import org.actionrec.video.VideoReadException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API on a model file that a run writes for a small real dataset (2 JHMDB classes, 8 clips each,
 * rgb and mhi, the backbone embedded): files and decoded frames give the same answer, several threads the
 * same answers as one, and the README's example runs.
 */
class ActionRecognizerTest {
    static final List<String> CLASSES = List.of("golf", "pullup");

    @TempDir
    static Path tmp;
    static Path modelFile;
    static List<Path> videos = new ArrayList<>();

    @BeforeAll
    static void trainAModelFile() throws Exception {
        Path jhmdb = SharedData.jhmdb();
        Path onnx = SharedData.mobilenetV2().resolve("mobilenet_v2_features.onnx");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path splits = Files.createDirectories(data.resolve("splits"));
        for (String c : CLASSES) {
            Path dir = Files.createDirectories(data.resolve(c));
            List<Path> clips;
            try (Stream<Path> s = Files.list(jhmdb.resolve(c))) {
                clips = s.sorted().limit(8).toList();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                Files.createSymbolicLink(dir.resolve(clips.get(i).getFileName()), clips.get(i));
                lines.add(clips.get(i).getFileName() + (i % 4 == 0 ? " 2" : " 1"));
                if (i % 4 == 0) videos.add(dir.resolve(clips.get(i).getFileName()));
            }
            Files.write(splits.resolve(c + "_test_split1.txt"), lines);
        }
        StreamConfig streams = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(org.actionrec.streams.Stream.RGB,
                org.actionrec.streams.Stream.MHI));
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, tmp.resolve("out"),
                tmp.resolve("store"), streams, 1, PoolSettings.DEFAULTS.withCValues(List.of(0.01, 1.0)), List.of(),
                true, org.actionrec.dataset.DatasetOptions.DEFAULTS));
        try (Backbone b = Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            job.run(List.of(b), FrozenRecognizerJob.Listeners.NONE);
        }
        modelFile = tmp.resolve("out").resolve(ModelFile.FILE_NAME);
    }

    @Test
    void theReadmeExampleRuns() throws Exception {
        String answer = ReadmeExample.recognise(modelFile, videos.get(0));
        assertThat(answer).startsWith("golf ");
        assertThat(Double.parseDouble(answer.substring(answer.indexOf(' ') + 1))).isBetween(0.5, 1.0);
    }

    @Test
    void probabilitiesSumToOneAndTheModelDescribesItself() throws Exception {
        try (ActionRecognizer r = ActionRecognizer.open(modelFile)) { // the embedded backbone
            assertThat(r.classes()).containsExactlyElementsOf(CLASSES);
            assertThat(r.model().backbone().embedded()).startsWith("backbone/");
            assertThat(r.model().protocol()).containsKey("protocol");
            assertThat(r.model().calibration().temperature()).isPositive();
            double[] p = r.probabilities(videos.get(1));
            assertThat(p[0] + p[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            Recognition top = r.predict(videos.get(1), 2);
            assertThat(top.top()).extracting(Recognition.ClassProbability::probability)
                    .containsExactlyInAnyOrder(p[0], p[1]);
            assertThat(top.frames()).isPositive();
        }
    }

    @Test
    void decodedFramesGiveTheAnswerOfTheFile() throws Exception {
        try (ActionRecognizer r = ActionRecognizer.open(modelFile)) {
            Path video = videos.get(2);
            DecodedFrames decoded = new FfmpegVideoReader().read(video, FramePlan.all());
            List<RgbFrame> frames = new ArrayList<>();
            for (int i = 0; i < decoded.frameCount(); i++) frames.add(decoded.frame(i));
            Recognition fromFile = r.predict(video, 2);
            Recognition fromFrames = r.predict(frames, decoded.metadata().fps(), "camera", 2);
            assertThat(fromFrames.top()).isEqualTo(fromFile.top());
            assertThat(fromFrames.video()).isEqualTo("camera");
            assertThatThrownBy(() -> r.predict(List.of(), 25, "nothing", 2)).isInstanceOf(VideoReadException.class)
                    .hasMessageContaining("nothing");
        }
    }

    @Test
    void severalThreadsGetTheAnswersOfOne() throws Exception {
        try (ActionRecognizer r = ActionRecognizer.open(modelFile, RecognizerOptions.defaults().withSessions(2, 1))) {
            List<Recognition> alone = new ArrayList<>();
            for (Path v : videos) alone.add(r.predict(v, 2));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Recognition>> futures = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (Path v : videos) futures.add(pool.submit(() -> r.predict(v, 2)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    Recognition got = futures.get(i).get();
                    Recognition expected = alone.get(i % videos.size());
                    // the answer, not the time it took
                    assertThat(got).usingRecursiveComparison().ignoringFields("times").isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anotherBackboneIsRefused() throws Exception {
        Path torchScript = SharedData.mobilenetV2().resolve("mobilenet_v2_features.pt");
        assertThatThrownBy(() -> ActionRecognizer.open(modelFile, RecognizerOptions.defaults()
                .withBackbone(torchScript.toString()))).isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("sha256").hasMessageContaining("model.actionrec");
    }
}
