package org.actionrec.spark.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.actionrec.backbone.Backbone;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.model.pool.HeadKind;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.options.BackboneChoice;
import org.actionrec.options.DatasetSourceOptions;
import org.actionrec.options.RunTable;
import org.actionrec.options.StreamOptions;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.spark.MllibHeads;
import org.actionrec.spark.ParquetDescriptors;
import org.actionrec.spark.SparkExtraction;
import org.actionrec.spark.SparkFrozenRun;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "spark", description = "Jobs on Apache Spark.", subcommands = {SparkCommand.Run.class, SparkCommand.Check.class})
final class SparkCommand {

    @Command(name = "check", description = "Checks the descriptor Parquet against the dataset: for every settings "
            + "digest, clips missing and rows duplicated (a run killed or retried must leave neither); exits 1 where "
            + "either is found.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "the dataset the Parquet was extracted from")
        Path data;

        @Mixin
        DatasetSourceOptions source;

        @Option(names = "--parquet", required = true, description = "descriptor Parquet folder")
        Path parquet;

        @Option(names = "--master", defaultValue = "local[1]", description = "Spark master (default ${DEFAULT-VALUE})")
        String master;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var clips = DatasetSource.open(data, source.options()).dataset().clips();
            Path root = parquet.toAbsolutePath();
            List<String> digests = ParquetDescriptors.digests(root);
            if (digests.isEmpty()) {
                throw new IllegalArgumentException(root + ": no descriptor rows (no settings_digest=... folder)");
            }
            SparkSession spark = SparkSession.builder().appName("actionrec spark check").master(master).getOrCreate();
            boolean complete = true;
            var w = spec.commandLine().getOut();
            try {
                for (String d : digests) {
                    var c = ParquetDescriptors.check(spark, root, d, clips);
                    w.printf("settings %s: %d rows, %d duplicate rows, %d of %d clips present (%d failed), %d missing%s, "
                                    + "rows per extracted clip %d..%d: %s%n", d, c.rows(), c.duplicateRows(),
                            c.clipsWithRows(), clips.size(), c.failedClips(), c.missing().size(),
                            c.missing().isEmpty() ? "" : " " + c.missing().subList(0, Math.min(5, c.missing().size())),
                            c.fewestRowsPerClip(), c.mostRowsPerClip(), c.complete() ? "complete" : "INCOMPLETE");
                    complete &= c.complete();
                }
            } finally {
                spark.stop();
            }
            return complete ? 0 : 1;
        }
    }

    @Command(name = "run", description = "The main job (as 'run') on Spark: descriptors extracted by the cluster into "
            + "Parquet (resumable, idempotent), then the stream pool trained and evaluated on every chosen split, with "
            + "the same report files and model file. Local: --master local[2]; on a cluster run this class with "
            + "spark-submit and leave --master out.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "folder-per-class dataset, .csv/.tsv manifest or "
                + "MMAction2 list, on a path every node sees")
        Path data;

        @Mixin
        DatasetSourceOptions source;

        @Option(names = "--out", defaultValue = "out", description = "output folder (default ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--parquet", description = "descriptor Parquet folder, on a path every node sees "
                + "(default <out>/descriptors)")
        Path parquet;

        @Option(names = "--master", description = "Spark master, e.g. local[2] or spark://host:7077 (default: what "
                + "spark-submit gives, else local[*])")
        String master;

        @Option(names = "--splits", split = ",", description = "split numbers to run (default: all)")
        List<Integer> splits = List.of();

        @Option(names = "--head", defaultValue = "svm", description = "per-stream head trained on the driver: svm "
                + "(LIBLINEAR) or softmax (default ${DEFAULT-VALUE})")
        String head;

        @Option(names = "--distributed-head", arity = "0..1", fallbackValue = "lr", description = "train the heads "
                + "with Spark MLlib instead: lr (multinomial logistic regression, the default when given without a "
                + "value) or svm (one-vs-rest linear SVMs)")
        String distributedHead;

        @Option(names = "--c", split = ",", description = "C values tried on the validation split (default 0.001,0.01,0.1)")
        List<Double> cValues;

        @Option(names = "--clips-per-task", defaultValue = "16", description = "clips per Spark task (default "
                + "${DEFAULT-VALUE}): small tasks keep every core busy and lose little when an executor dies")
        int clipsPerTask;

        @Option(names = "--engine-threads", defaultValue = "0", description = "backbone engine threads per executor "
                + "(default: the executor's cores)")
        int engineThreads;

        @Option(names = "--embed-backbone", description = "also put the backbone file inside model.actionrec")
        boolean embedBackbone;

        @Mixin
        BackboneChoice backbone;

        @Mixin
        StreamOptions streams;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PoolSettings pool = PoolSettings.DEFAULTS.withHead(HeadKind.parse(head));
            if (cValues != null && !cValues.isEmpty()) {
                pool = pool.withCValues(cValues);
            }
            MllibHeads.Kind distributed = distributedHead == null ? null : MllibHeads.Kind.parse(distributedHead);
            Path root = (parquet != null ? parquet : out.resolve("descriptors")).toAbsolutePath();
            // The job's feature store is never opened here: the descriptors come from the Parquet.
            FrozenRecognizerJob.Config config = new FrozenRecognizerJob.Config(data, out, root, streams.config(), 1, pool,
                    splits, embedBackbone, source.options());
            SparkSession.Builder builder = SparkSession.builder().appName("actionrec spark run");
            if (master != null) {
                builder.master(master);
            } else if (System.getProperty("spark.master") == null) {
                builder.master("local[*]");
            }
            SparkSession spark = builder.getOrCreate();
            SparkFrozenRun.Result r;
            String where = spark.sparkContext().master();
            try (Backbone b = backbone.open()) {
                r = SparkFrozenRun.run(spark, config, new SparkExtraction.Options(root, clipsPerTask, engineThreads),
                        distributed, b);
            } finally {
                spark.stop();
            }
            var w = spec.commandLine().getOut();
            SparkExtraction.Result e = r.extraction();
            w.printf("spark %s: %d clips extracted, %d failed, %d already in %s (settings %s) in %.1f s; "
                            + "%d clips with descriptors, %d failures in all%n", where,
                    e.extracted(), e.failed(), e.skipped(), root, e.settingsDigest(), e.seconds(),
                    r.clipsWithDescriptors(), r.failures());
            w.printf("manifest: %s%n", r.manifest());
            RunTable.print(w, r.report(), out, r.modelFile());
            return 0;
        }
    }
}
