package org.actionrec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.VideoFailure;
import org.actionrec.video.VideoReadException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction on Spark in local[2] against the single-machine extractor, on six JHMDB clips and three bad files:
 * the same descriptors, failure rows, and reruns that add nothing unless a setting changed.
 */
class SparkExtractionTest {
    private static final StreamConfig STREAMS = StreamConfig.ALL_STREAMS
            .withStreams(EnumSet.of(Stream.RGB, Stream.MHI)).withKeyframes(2);

    private static SparkSession spark;
    private static Backbone backbone;
    private static List<VideoClip> good;
    private static List<VideoClip> bad;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException, BackboneException {
        Path jhmdb = LocalSpark.shared("data/jhmdb");
        Path onnx = LocalSpark.shared("models/mobilenet_v2/mobilenet_v2_features.onnx");
        good = new ArrayList<>();
        int classIndex = 0;
        for (String label : List.of("golf", "pour")) {
            try (var files = Files.list(jhmdb.resolve(label))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".avi")).sorted().limit(3).toList()) {
                    good.add(new VideoClip(p, label + "/" + p.getFileName(), label, classIndex, p.getFileName().toString()));
                }
            }
            classIndex++;
        }
        Path text = Files.writeString(tmp.resolve("notavideo.avi"), "this is not a video\n".repeat(50));
        Path empty = Files.createFile(tmp.resolve("empty.avi"));
        Path missing = tmp.resolve("missing.avi");
        bad = List.of(new VideoClip(text, "bad/notavideo.avi", "bad", 0, "b1"),
                new VideoClip(empty, "bad/empty.avi", "bad", 0, "b2"),
                new VideoClip(missing, "bad/missing.avi", "bad", 0, "b3"));
        backbone = Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults().withIntraOpThreads(1).withPreferredBatchSize(5));
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (backbone != null) {
            backbone.close();
        }
    }

    private static List<VideoClip> all() {
        List<VideoClip> clips = new ArrayList<>(good);
        clips.addAll(bad);
        return clips;
    }

    private static Split split(List<VideoClip> clips) {
        return new Split("split1", clips.subList(0, 3), clips.subList(3, clips.size()), List.of(), List.of(), List.of());
    }

    private static SparkExtraction extraction(Path root) {
        return new SparkExtraction(spark, new SparkExtraction.Options(root, 2, 0));
    }

    @Test
    void descriptorsEqualTheSingleMachineExtractorsAndBadClipsBecomeFailureRows() throws Exception {
        Path root = tmp.resolve("equal");
        SparkExtraction.Result r = extraction(root).extract(all(), split(all()), STREAMS, backbone);

        assertThat(r.extracted()).isEqualTo(good.size());
        assertThat(r.failed()).isEqualTo(bad.size());
        assertThat(r.skipped()).isZero();
        assertThat(ExecutorBackbones.loads()).as("one backbone per JVM, shared by the tasks").isEqualTo(1);

        ParquetDescriptors.Loaded loaded = ParquetDescriptors.read(spark, root, r.settingsDigest(), all());
        assertThat(loaded.byClip()).hasSize(good.size());
        FeatureExtractor single = new FeatureExtractor(STREAMS, backbone.spec().preprocessing(), 1);
        double maxDiff = 0;
        for (VideoClip c : good) {
            ClipFeatures expected = single.describe(c.path(), c.relativeName(), backbone);
            ClipFeatures actual = loaded.byClip().get(c.relativeName());
            assertThat(actual.frameCount()).isEqualTo(expected.frameCount());
            assertThat(actual.streams().keySet()).containsExactlyInAnyOrderElementsOf(expected.streams().keySet());
            for (String s : expected.streams().keySet()) {
                float[][] e = expected.stream(s);
                float[][] a = actual.stream(s);
                assertThat(a.length).isEqualTo(STREAMS.keyframes());
                for (int k = 0; k < e.length; k++) {
                    assertThat(a[k]).hasSize(backbone.descriptorSize());
                    for (int j = 0; j < e[k].length; j++) {
                        maxDiff = Math.max(maxDiff, Math.abs(e[k][j] - a[k][j]));
                    }
                }
            }
        }
        assertThat(maxDiff).as("max abs difference to the single-machine extractor").isLessThanOrEqualTo(1e-5);

        assertThat(loaded.failures()).extracting(VideoFailure::name)
                .containsExactly("bad/empty.avi", "bad/missing.avi", "bad/notavideo.avi");
        assertThat(loaded.failures()).extracting(VideoFailure::reason).containsExactly(
                VideoReadException.Reason.EMPTY_FILE, VideoReadException.Reason.NOT_FOUND,
                VideoReadException.Reason.NOT_A_VIDEO);
        Dataset<Row> rows = ParquetDescriptors.rows(spark, root, r.settingsDigest());
        assertThat(rows.where("status = 'failed'").count()).isEqualTo(bad.size());
        assertThat(rows.where("status = 'ok'").count())
                .isEqualTo((long) good.size() * STREAMS.keyframes() * STREAMS.orderedStreams().size());
        assertThat(Files.readString(root.resolve("_settings").resolve(r.settingsDigest() + ".json")))
                .contains(backbone.info().sha256());
    }

    @Test
    void aRerunExtractsNothingNewAndAChangedSettingExtractsAgain() throws Exception {
        Path root = tmp.resolve("rerun");
        List<VideoClip> clips = all();
        SparkExtraction.Result first = extraction(root).extract(clips, split(clips), STREAMS, backbone);
        long rowsAfterFirst = ParquetDescriptors.rows(spark, root, first.settingsDigest()).count();

        SparkExtraction.Result again = extraction(root).extract(clips, split(clips), STREAMS, backbone);
        assertThat(again.settingsDigest()).isEqualTo(first.settingsDigest());
        assertThat(again.extracted()).isZero();
        assertThat(again.failed()).isZero();
        assertThat(again.skipped()).isEqualTo(clips.size());
        Dataset<Row> rows = ParquetDescriptors.rows(spark, root, first.settingsDigest());
        assertThat(rows.count()).isEqualTo(rowsAfterFirst);
        assertThat(rows.where("run_id = '" + again.runId() + "'").count()).isZero();
        assertThat(rows.select("clip_id", "content_sha256", "stream", "keyframe").distinct().count())
                .as("no duplicate rows").isEqualTo(rowsAfterFirst);

        // One more keyframe is another settings digest: everything is extracted again, beside the first rows.
        StreamConfig three = STREAMS.withKeyframes(3);
        SparkExtraction.Result changed = extraction(root).extract(clips, split(clips), three, backbone);
        assertThat(changed.settingsDigest()).isNotEqualTo(first.settingsDigest());
        assertThat(changed.extracted()).isEqualTo(good.size());
        assertThat(changed.failed()).isEqualTo(bad.size());
        assertThat(changed.skipped()).isZero();
        assertThat(ParquetDescriptors.read(spark, root, changed.settingsDigest(), clips).byClip().values())
                .allSatisfy(f -> assertThat(f.stream("rgb")).hasNumberOfRows(3));
        assertThat(ParquetDescriptors.rows(spark, root, first.settingsDigest()).count()).isEqualTo(rowsAfterFirst);

        // A clip whose file changed is extracted again; reading back takes its latest content.
        Path copy = Files.copy(good.get(1).path(), tmp.resolve("changed.avi"));
        List<VideoClip> withCopy = new ArrayList<>(clips);
        withCopy.set(0, new VideoClip(copy, good.get(0).relativeName(), good.get(0).label(), 0, "g"));
        SparkExtraction.Result afterChange = extraction(root).extract(withCopy, split(withCopy), STREAMS, backbone);
        assertThat(afterChange.extracted()).isEqualTo(1);
        Map<String, ClipFeatures> byClip = ParquetDescriptors.read(spark, root, first.settingsDigest(), withCopy).byClip();
        assertThat(byClip.get(good.get(0).relativeName()).stream("rgb")[0])
                .containsExactly(byClip.get(good.get(1).relativeName()).stream("rgb")[0]);
    }
}
