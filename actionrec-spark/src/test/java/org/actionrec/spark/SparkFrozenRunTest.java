package org.actionrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.actionrec.ProgressListener;
import org.actionrec.TaskProgress;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.quantize.CalibrationMethod;
import org.actionrec.backbone.quantize.WeightRange;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.recognizer.BackboneQuantization;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.report.RunReport;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in local[2] against {@code actionrec run}'s job on the same 30 JHMDB clips (3 classes, split 1's
 * sides): the same accuracy, the same report files and model file; on the float backbone and on an int8 one.
 */
class SparkFrozenRunTest {
    @TempDir
    Path tmp;

    @Test
    void theSparkJobScoresAsTheSingleMachineJobAndWritesTheSameFiles() throws Exception {
        Both both = runBoth(LocalSpark.shared("models/mobilenet_v2/mobilenet_v2_features.onnx"), "fp32");
        for (String file : List.of("report.md", "report.json", "failures.csv", "model.actionrec")) {
            assertThat(both.single().resolve(file)).exists();
            assertThat(both.spark().resolve(file)).exists();
        }
        assertThat(Files.readAllLines(both.onSpark().manifest())).hasSize(31).first()
                .isEqualTo("path,label,group,split");
    }

    /** {@code spark run -b} an int8 file: it trains its own model on the int8 descriptors, which records the file. */
    @Test
    void onAnInt8BackboneTheSparkJobTrainsItsOwnModelAndScoresAsTheSingleMachineJob() throws Exception {
        Path onnx = LocalSpark.shared("models/mobilenet_v2/mobilenet_v2_features.onnx");
        Path int8 = Files.createDirectories(tmp.resolve("int8")).resolve("mobilenet_v2_features_int8.onnx");
        BackboneQuantization.run(new BackboneQuantization.Request(onnx, BackboneRegistry.standard()
                        .require("mobilenet_v2"), manifest(), options(), STREAMS, 24, 1, CalibrationMethod.PERCENTILE,
                true, WeightRange.REDUCED, 1, int8, null), TaskProgress.NONE);
        Both both = runBoth(int8, "int8");
        try (ModelArchive archive = ModelFile.open(both.spark().resolve("model.actionrec"))) {
            var backbone = archive.manifest().backbone();
            assertThat(backbone.sha256()).isEqualTo(FileDigestCache.computeSha256(int8));
            assertThat(backbone.quantizedFrom().sourceSha256()).isEqualTo(FileDigestCache.computeSha256(onnx));
        }
    }

    private static final StreamConfig STREAMS = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB))
            .withKeyframes(2);

    private static DatasetOptions options() {
        return new DatasetOptions(5, 42, null, LocalSpark.shared("data/jhmdb"));
    }

    /** The single-machine job's and the Spark job's output folders, and the Spark job's result. */
    private record Both(Path single, Path spark, SparkFrozenRun.Result onSpark) {
    }

    /**
     * Both jobs on 30 JHMDB clips (3 classes, split 1's sides) with {@code backbone}; asserts that they extracted
     * every clip and agree on the test clips and their top-1.
     */
    private Both runBoth(Path backbone, String name) throws Exception {
        Path manifest = manifest();
        PoolSettings pool = PoolSettings.DEFAULTS;
        Path dir = tmp.resolve(name);
        RunReport single;
        try (Backbone b = open(backbone)) {
            single = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(manifest, dir.resolve("single"),
                    dir.resolve("store"), STREAMS, 1, pool, List.of(), false, options()))
                    .run(List.of(b), new FrozenRecognizerJob.Listeners(ProgressListener.NONE, ProgressListener.NONE));
        }
        SparkSession spark = LocalSpark.start();
        SparkFrozenRun.Result onSpark;
        Path out = dir.resolve("spark");
        try (Backbone b = open(backbone)) {
            onSpark = SparkFrozenRun.run(spark, new FrozenRecognizerJob.Config(manifest, out, dir.resolve("unused"),
                            STREAMS, 1, pool, List.of(), false, options()),
                    new SparkExtraction.Options(out.resolve("descriptors"), 4, 0), null, b);
        } finally {
            spark.stop();
        }
        assertThat(onSpark.extraction().extracted()).isEqualTo(30);
        assertThat(onSpark.clipsWithDescriptors()).isEqualTo(30);
        assertThat(onSpark.report().splits()).hasSize(1);
        assertThat(onSpark.report().splits().get(0).streams().get("rgb").top1Pct())
                .isEqualTo(single.splits().get(0).streams().get("rgb").top1Pct());
        assertThat(onSpark.report().splits().get(0).streams().get("rgb").clips())
                .isEqualTo(single.splits().get(0).streams().get("rgb").clips());
        return new Both(dir.resolve("single"), out, onSpark);
    }

    private Path manifest() throws Exception {
        Path file = tmp.resolve("clips.csv");
        if (Files.exists(file)) return file;
        Path jhmdb = LocalSpark.shared("data/jhmdb");
        List<String> lines = new ArrayList<>(List.of("path,label,group,split"));
        for (String c : List.of("golf", "pour", "climb_stairs")) {
            for (String l : Files.readAllLines(jhmdb.resolve("splits").resolve(c + "_test_split1.txt")).subList(0, 10)) {
                String[] f = l.strip().split("\\s+");
                lines.add(c + "/" + f[0] + "," + c + ",," + (f[1].equals("1") ? "train" : "test"));
            }
        }
        return Files.write(file, lines);
    }

    private static Backbone open(Path onnx) throws Exception {
        return Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults().withIntraOpThreads(1).withPreferredBatchSize(5));
    }
}
