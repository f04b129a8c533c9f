package org.actionrec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneException;
import org.actionrec.backbone.FileDigestCache;
import org.actionrec.backbone.SharedBackbone;
import org.actionrec.features.ClipFeatures;
import org.actionrec.features.FeatureExtractor;
import org.actionrec.features.FeatureStore;
import org.actionrec.streams.StreamConfig;
import org.actionrec.video.VideoReadException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's extraction: manifest rows in, descriptor rows out, one clip at a time as Spark pulls them (a
 * partition never sits in memory whole). The task opens its own session on the JVM's loaded backbone and
 * closes it when the task ends, however it ends. A clip already written with the same content and settings
 * is skipped; one that cannot be read gives a failure row; an engine failure fails the task, so Spark retries it.
 */
final class PartitionExtractor implements FlatMapFunction<Iterator<Row>, Row> {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionExtractor.class);

    private final ExtractionSettings settings;
    private final Broadcast<Set<String>> done;
    private final LongAccumulator backboneNanos;
    private final LongAccumulator skipped;

    PartitionExtractor(ExtractionSettings settings, Broadcast<Set<String>> done, LongAccumulator backboneNanos,
                       LongAccumulator skipped) {
        this.settings = settings;
        this.done = done;
        this.backboneNanos = backboneNanos;
        this.skipped = skipped;
    }

    /** The key of a clip's rows in {@code done}: name and content. */
    static String key(String clip, String sha256) {
        return clip + "\n" + sha256;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> manifest) throws BackboneException, IOException {
        if (Boolean.parseBoolean(System.getProperty("actionrec.opencv.single", "true"))) {
            // As FeatureExtractor does: the task's core is its own; OpenCV's pool would take the others'.
            org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
        }
        SharedBackbone shared = ExecutorBackbones.get(settings);
        Backbone session = new TimedBackbone(shared.openSession(), backboneNanos);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> session.close());
        }
        StreamConfig streams = settings.streamConfig();
        FeatureExtractor extractor = new FeatureExtractor(streams, session.spec().preprocessing(), 1);
        String digest = FeatureStore.digestOf(extractor.settings(session));
        if (!digest.equals(settings.settingsDigest())) {
            throw new IllegalStateException("this executor's extraction settings have digest " + digest
                    + ", the driver's " + settings.settingsDigest() + ": " + extractor.settings(session));
        }
        return new Iterator<>() {
            private final ArrayDeque<Row> pending = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && manifest.hasNext()) {
                    clip(manifest.next(), extractor, session, pending);
                }
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }
        };
    }

    private void clip(Row row, FeatureExtractor extractor, Backbone session, ArrayDeque<Row> out) {
        String clip = row.getString(row.fieldIndex(DescriptorTable.CLIP_ID));
        Path path = Path.of(row.getString(row.fieldIndex("path")));
        long at = System.currentTimeMillis();
        String sha;
        try {
            sha = FileDigestCache.computeSha256(path);
        } catch (IOException e) {
            VideoReadException.Reason reason = Files.exists(path) ? VideoReadException.Reason.UNREADABLE
                    : VideoReadException.Reason.NOT_FOUND;
            // No content to key it by: an empty digest, so that a rerun skips it until the file is there.
            sha = "";
            if (done.value().contains(key(clip, sha))) {
                skipped.add(1);
                return;
            }
            out.add(DescriptorTable.failure(clip, sha, reason.name(), path + ": " + reason.description(), settings, at));
            return;
        }
        if (done.value().contains(key(clip, sha))) {
            skipped.add(1);
            return;
        }
        try {
            ClipFeatures f = extractor.describe(path, clip, session);
            for (Map.Entry<String, float[][]> s : f.streams().entrySet()) {
                float[][] rows = s.getValue();
                for (int k = 0; k < rows.length; k++) {
                    out.add(DescriptorTable.descriptor(clip, sha, s.getKey(), k, rows[k], f.frameCount(),
                            f.repeatedFrames(), settings, at));
                }
            }
        } catch (VideoReadException e) {
            out.add(DescriptorTable.failure(clip, sha, e.reason().name(), e.getMessage(), settings, at));
        } catch (BackboneException e) {
            throw new IllegalStateException("backbone failed on " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // As FeatureExtractor: one odd file (an OpenCV error on its frames) must not end a batch of thousands.
            LOG.warn("{}: {}", path, e.toString());
            out.add(DescriptorTable.failure(clip, sha, VideoReadException.Reason.DECODE_FAILED.name(),
                    path + ": " + e, settings, at));
        }
    }
}
