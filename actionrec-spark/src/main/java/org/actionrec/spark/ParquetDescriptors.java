package org.actionrec.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.actionrec.dataset.VideoClip;
import org.actionrec.features.ClipFeatures;
import org.actionrec.video.VideoFailure;
import org.actionrec.video.VideoReadException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads one settings digest's descriptors back from the Parquet into the core's {@link ClipFeatures}, on the
 * driver. Rows are deduplicated by (clip, sha256, stream, keyframe); where a clip has rows for several
 * contents (the file changed between runs), the latest extraction wins.
 */
public final class ParquetDescriptors {
    /**
     * The descriptors and failures of the clips asked for.
     *
     * @param byClip   descriptors by clip name
     * @param failures clips whose latest rows are a failure, sorted by name
     * @param rows     rows read (before deduplication)
     */
    public record Loaded(Map<String, ClipFeatures> byClip, List<VideoFailure> failures, long rows) {
    }

    /**
     * Whether one settings digest's rows are complete and free of duplicates.
     *
     * @param rows              rows in all
     * @param duplicateRows     rows beyond the first for a (clip, sha256, stream, keyframe, status)
     * @param clipsWithRows     clips with at least one row
     * @param missing           clips asked for that have no row, sorted
     * @param rowsPerClip       the fewest and most (stream, keyframe) rows an extracted clip has; equal when whole
     */
    public record Completeness(String settingsDigest, long rows, long duplicateRows, long clipsWithRows,
                               List<String> missing, long failedClips, long fewestRowsPerClip, long mostRowsPerClip) {
        public boolean complete() {
            return duplicateRows == 0 && missing.isEmpty() && fewestRowsPerClip == mostRowsPerClip;
        }
    }

    private ParquetDescriptors() {
    }

    /** The settings digests with rows below {@code root}, sorted. */
    public static List<String> digests(Path root) throws java.io.IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        String prefix = DescriptorTable.SETTINGS_DIGEST + "=";
        try (var dirs = Files.list(root)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                    .map(n -> n.substring(prefix.length())).sorted().toList();
        }
    }

    /** Checks one digest's rows against the clips that should be there (a run killed or retried must leave these whole). */
    public static Completeness check(SparkSession spark, Path root, String settingsDigest, List<VideoClip> clips) {
        Dataset<Row> rows = rows(spark, root, settingsDigest).cache();
        try {
            long total = rows.count();
            long distinct = rows.select(DescriptorTable.CLIP_ID, DescriptorTable.CONTENT_SHA256, DescriptorTable.STREAM,
                    DescriptorTable.KEYFRAME, DescriptorTable.STATUS).distinct().count();
            java.util.Set<String> present = new java.util.HashSet<>();
            rows.select(DescriptorTable.CLIP_ID).distinct().collectAsList().forEach(r -> present.add(r.getString(0)));
            List<String> missing = clips.stream().map(VideoClip::relativeName).filter(n -> !present.contains(n))
                    .sorted().toList();
            long failed = rows.where(functions.col(DescriptorTable.STATUS).equalTo(DescriptorTable.FAILED))
                    .select(DescriptorTable.CLIP_ID).distinct().count();
            Row perClip = rows.where(functions.col(DescriptorTable.STATUS).equalTo(DescriptorTable.OK))
                    .groupBy(DescriptorTable.CLIP_ID, DescriptorTable.CONTENT_SHA256)
                    .agg(functions.countDistinct(DescriptorTable.STREAM, DescriptorTable.KEYFRAME).as("n"))
                    .agg(functions.min("n"), functions.max("n")).first();
            long fewest = perClip.isNullAt(0) ? 0 : perClip.getLong(0);
            long most = perClip.isNullAt(1) ? 0 : perClip.getLong(1);
            return new Completeness(settingsDigest, total, total - distinct, present.size(), missing, failed, fewest, most);
        } finally {
            rows.unpersist();
        }
    }

    /** The rows of one settings digest (none where nothing was written for it). */
    public static Dataset<Row> rows(SparkSession spark, Path root, String settingsDigest) {
        Path partition = DescriptorTable.partition(root, settingsDigest);
        if (!Files.isDirectory(partition)) {
            return spark.createDataFrame(List.of(), DescriptorTable.SCHEMA).drop(DescriptorTable.SETTINGS_DIGEST);
        }
        return spark.read().parquet(partition.toUri().toString());
    }

    /** Reads the rows of {@code clips} (by {@link VideoClip#relativeName()}); other clips' rows are ignored. */
    public static Loaded read(SparkSession spark, Path root, String settingsDigest, List<VideoClip> clips) {
        Map<String, VideoClip> wanted = new HashMap<>();
        clips.forEach(c -> wanted.put(c.relativeName(), c));
        // clip → content → what its rows say; the latest content wins below.
        Map<String, Map<String, Content>> byClip = new HashMap<>();
        long count = 0;
        Iterator<Row> it = rows(spark, root, settingsDigest).toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            count++;
            String clip = r.getAs(DescriptorTable.CLIP_ID);
            if (!wanted.containsKey(clip)) {
                continue;
            }
            Content c = byClip.computeIfAbsent(clip, k -> new HashMap<>())
                    .computeIfAbsent(r.getAs(DescriptorTable.CONTENT_SHA256), k -> new Content());
            c.latest = Math.max(c.latest, r.<Long>getAs(DescriptorTable.EXTRACTED_AT));
            if (DescriptorTable.FAILED.equals(r.getAs(DescriptorTable.STATUS))) {
                c.failure = r;
                continue;
            }
            c.frameCount = r.<Integer>getAs(DescriptorTable.FRAME_COUNT);
            c.repeated = r.<Boolean>getAs(DescriptorTable.REPEATED_FRAMES);
            List<Float> values = r.getList(r.fieldIndex(DescriptorTable.DESCRIPTOR));
            float[] d = new float[values.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = values.get(i);
            }
            // Keyed by keyframe: a duplicate row (two runs writing the same clip) replaces, never adds.
            c.streams.computeIfAbsent(r.getAs(DescriptorTable.STREAM), k -> new TreeMap<>())
                    .put(r.<Integer>getAs(DescriptorTable.KEYFRAME), d);
        }
        Map<String, ClipFeatures> features = new LinkedHashMap<>();
        List<VideoFailure> failures = new ArrayList<>();
        for (VideoClip clip : clips) {
            Map<String, Content> contents = byClip.get(clip.relativeName());
            if (contents == null) {
                continue;
            }
            Content latest = contents.values().stream().max(java.util.Comparator.comparingLong(c -> c.latest)).get();
            if (!latest.streams.isEmpty()) {
                Map<String, float[][]> streams = new LinkedHashMap<>();
                latest.streams.forEach((s, k) -> streams.put(s, k.values().toArray(new float[0][])));
                features.put(clip.relativeName(), new ClipFeatures(clip.relativeName(), latest.frameCount,
                        latest.repeated, streams));
            } else if (latest.failure != null) {
                Row f = latest.failure;
                failures.add(new VideoFailure(clip.path(), clip.relativeName(),
                        VideoReadException.Reason.valueOf(f.getAs(DescriptorTable.FAILURE_REASON)),
                        f.getAs(DescriptorTable.FAILURE_MESSAGE)));
            }
        }
        failures.sort(java.util.Comparator.comparing(VideoFailure::name));
        return new Loaded(features, failures, count);
    }

    private static final class Content {
        long latest = Long.MIN_VALUE;
        int frameCount;
        boolean repeated;
        Row failure;
        final Map<String, TreeMap<Integer, float[]>> streams = new LinkedHashMap<>();
    }
}
