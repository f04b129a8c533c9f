package org.actionrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.actionrec.ProgressListener;
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
 * sides): the same accuracy, the same report files and model file.
 */
class SparkFrozenRunTest {
    @TempDir
    Path tmp;

    @Test
    void theSparkJobScoresAsTheSingleMachineJobAndWritesTheSameFiles() throws Exception {
        Path jhmdb = LocalSpark.shared("data/jhmdb");
        Path onnx = LocalSpark.shared("models/mobilenet_v2/mobilenet_v2_features.onnx");
        List<String> lines = new ArrayList<>(List.of("path,label,group,split"));
        for (String c : List.of("golf", "pour", "climb_stairs")) {
            for (String l : Files.readAllLines(jhmdb.resolve("splits").resolve(c + "_test_split1.txt")).subList(0, 10)) {
                String[] f = l.strip().split("\\s+");
                lines.add(c + "/" + f[0] + "," + c + ",," + (f[1].equals("1") ? "train" : "test"));
            }
        }
        Path manifest = Files.write(tmp.resolve("clips.csv"), lines);
        StreamConfig streams = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB)).withKeyframes(2);
        DatasetOptions options = new DatasetOptions(5, 42, null, jhmdb);
        PoolSettings pool = PoolSettings.DEFAULTS;

        RunReport single;
        try (Backbone b = open(onnx)) {
            single = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(manifest, tmp.resolve("single"),
                    tmp.resolve("store"), streams, 1, pool, List.of(), false, options))
                    .run(List.of(b), new FrozenRecognizerJob.Listeners(ProgressListener.NONE, ProgressListener.NONE));
        }
        SparkSession spark = LocalSpark.start();
        SparkFrozenRun.Result onSpark;
        try (Backbone b = open(onnx)) {
            Path out = tmp.resolve("spark");
            onSpark = SparkFrozenRun.run(spark, new FrozenRecognizerJob.Config(manifest, out, tmp.resolve("unused"),
                            streams, 1, pool, List.of(), false, options),
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
        for (String file : List.of("report.md", "report.json", "failures.csv", "model.actionrec")) {
            assertThat(tmp.resolve("single").resolve(file)).exists();
            assertThat(tmp.resolve("spark").resolve(file)).exists();
        }
        assertThat(Files.readAllLines(onSpark.manifest())).hasSize(31).first().isEqualTo("path,label,group,split");
    }

    private static Backbone open(Path onnx) throws Exception {
        return Backbones.open(onnx, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults().withIntraOpThreads(1).withPreferredBatchSize(5));
    }
}
