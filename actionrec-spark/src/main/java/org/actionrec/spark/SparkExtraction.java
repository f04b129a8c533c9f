package org.actionrec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.actionrec.backbone.Backbone;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.streams.StreamConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Descriptors of a dataset's clips into Parquet on a Spark cluster: the driver sends manifest rows (never video
 * bytes: every node reads the clips from a path it sees), each task extracts its share with the core's
 * {@link FeatureExtractor} and the rows are appended below the settings digest's folder. The append is one
 * Spark job with Hadoop's output committer, so a task retried after a lost executor adds its rows once and a
 * job that dies adds none; clips already there for the same content and settings are skipped, so a rerun
 * adds only what is missing.
 */
public final class SparkExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(SparkExtraction.class);

    /**
     * How to extract.
     *
     * @param root          the Parquet folder (all settings digests below it)
     * @param clipsPerTask  clips per task: small enough that a lost executor costs little and the cores stay busy
     * @param engineThreads engine threads per executor JVM; 0 = its cores ({@link #executorCores})
     */
    public record Options(Path root, int clipsPerTask, int engineThreads) {
        public Options {
            if (clipsPerTask < 1) {
                throw new IllegalArgumentException("clips per task must be >= 1: " + clipsPerTask);
            }
        }
    }

    /**
     * What a run did.
     *
     * @param extracted       clips whose descriptors this run wrote
     * @param failed          clips this run wrote a failure row for
     * @param skipped         clips already in the Parquet for the same content and settings
     * @param images          images through the backbone in this run
     * @param seconds         wall time of the Spark job
     * @param backboneSeconds time inside the backbone, summed over the tasks that succeeded
     */
    public record Result(String runId, String settingsDigest, Map<String, Object> settings, int extracted, int failed,
                         long skipped, long images, double seconds, double backboneSeconds) {
    }

    private final SparkSession spark;
    private final Options options;

    public SparkExtraction(SparkSession spark, Options options) {
        this.spark = spark;
        this.options = options;
    }

    /** The extractor settings (and so the digest) the descriptors of this backbone and streams get. */
    public static Map<String, Object> settings(StreamConfig streams, Backbone backbone) {
        return new FeatureExtractor(streams, backbone.spec().preprocessing(), 1).settings(backbone);
    }

    /**
     * Extracts every clip not yet in the Parquet for these settings.
     *
     * @param clips    the manifest's clips (absolute paths every node sees)
     * @param split    the side of each clip written into the manifest rows
     * @param backbone the driver's copy of the backbone: its file, checksum and settings; executors load their own
     */
    public Result extract(List<VideoClip> clips, Split split, StreamConfig streams, Backbone backbone)
            throws IOException {
        Map<String, Object> settings = settings(streams, backbone);
        String digest = FeatureStore.digestOf(settings);
        writeSettings(digest, settings);
        ExtractionSettings task = new ExtractionSettings(Path.of(backbone.info().file()).toAbsolutePath().toString(),
                backbone.info().sha256(), backbone.spec().name(), backbone.preferredBatchSize(),
                options.engineThreads() > 0 ? options.engineThreads() : executorCores(spark),
                streams.keyframes(), streams.orderedStreams().stream().map(s -> s.id()).toList(),
                streams.flowMethod().name(), digest, UUID.randomUUID().toString());
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Set<String>> done = jsc.broadcast(doneKeys(digest));
        LongAccumulator backboneNanos = spark.sparkContext().longAccumulator("backbone nanoseconds");
        LongAccumulator skipped = spark.sparkContext().longAccumulator("clips skipped");
        int partitions = Math.max(1, (clips.size() + options.clipsPerTask() - 1) / options.clipsPerTask());
        JavaRDD<Row> manifest = spark.createDataFrame(jsc.parallelize(manifestRows(clips, split), partitions),
                DescriptorTable.MANIFEST).javaRDD();
        JavaRDD<Row> rows = manifest.mapPartitions(new PartitionExtractor(task, done, backboneNanos, skipped));
        // A job that died leaves committed task output under _temporary; the next job's commit would take it in.
        deleteRecursively(options.root().resolve("_temporary"));
        spark.createDataFrame(rows, DescriptorTable.SCHEMA).write().mode(SaveMode.Append)
                .partitionBy(DescriptorTable.SETTINGS_DIGEST).parquet(options.root().toUri().toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        done.destroy();

        Row counts = spark.read().parquet(DescriptorTable.partition(options.root(), digest).toUri().toString())
                .where(functions.col(DescriptorTable.RUN_ID).equalTo(task.runId()))
                .agg(functions.countDistinct(functions.when(functions.col(DescriptorTable.STATUS)
                                .equalTo(DescriptorTable.OK), functions.col(DescriptorTable.CLIP_ID))),
                        functions.countDistinct(functions.when(functions.col(DescriptorTable.STATUS)
                                .equalTo(DescriptorTable.FAILED), functions.col(DescriptorTable.CLIP_ID))))
                .first();
        int extracted = (int) counts.getLong(0);
        int failed = (int) counts.getLong(1);
        long images = (long) extracted * streams.keyframes() * streams.orderedStreams().size();
        LOG.info("run {}: {} clips extracted, {} failed, {} skipped in {} s (settings {})", task.runId(), extracted,
                failed, skipped.value(), seconds, digest);
        return new Result(task.runId(), digest, settings, extracted, failed, skipped.value(), images, seconds,
                backboneNanos.value() / 1e9);
    }

    /** The engine threads each executor should use: its cores as the configuration gives them. */
    static int executorCores(SparkSession spark) {
        String cores = spark.conf().get("spark.executor.cores", "");
        if (!cores.isBlank()) {
            return Integer.parseInt(cores.trim());
        }
        String master = spark.sparkContext().master();
        if (master.startsWith("local")) {
            return spark.sparkContext().defaultParallelism();
        }
        return 0; // a standalone executor without spark.executor.cores takes all its worker's cores
    }

    /** (clip, sha256) of every clip with rows for this digest: ok or failed, both count as done. */
    private Set<String> doneKeys(String digest) {
        Path partition = DescriptorTable.partition(options.root(), digest);
        Set<String> keys = new HashSet<>();
        if (!Files.isDirectory(partition)) {
            return keys;
        }
        for (Row r : spark.read().parquet(partition.toUri().toString())
                .select(DescriptorTable.CLIP_ID, DescriptorTable.CONTENT_SHA256).distinct().collectAsList()) {
            keys.add(PartitionExtractor.key(r.getString(0), r.getString(1)));
        }
        return keys;
    }

    private static List<Row> manifestRows(List<VideoClip> clips, Split split) {
        Set<String> train = new HashSet<>();
        split.train().forEach(c -> train.add(c.relativeName()));
        Set<String> test = new HashSet<>();
        split.test().forEach(c -> test.add(c.relativeName()));
        List<Row> rows = new ArrayList<>();
        for (VideoClip c : clips) {
            String side = train.contains(c.relativeName()) ? "train" : test.contains(c.relativeName()) ? "test" : "unused";
            rows.add(RowFactory.create(c.relativeName(), c.path().toString(), c.label(), c.group(), side));
        }
        return rows;
    }

    /** {@code _settings/<digest>.json} beside the rows (Spark skips folders starting with '_'): their provenance. */
    private void writeSettings(String digest, Map<String, Object> settings) throws IOException {
        Path file = options.root().resolve("_settings").resolve(digest + ".json");
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.write(file, FeatureStore.canonicalSettings(settings));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        LOG.warn("removing {} left by a job that did not finish", dir);
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
