package org.actionrec.spark;

import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of descriptors: one row per clip, stream and keyframe, or one failure row per clip that
 * could not be read, below {@code <root>/settings_digest=<digest>/}. A clip is identified by its name in the
 * dataset and the sha256 of its bytes: a rerun with the same settings skips every (clip, sha256) already
 * there, and a changed file gets rows of its own.
 */
public final class DescriptorTable {
    public static final String CLIP_ID = "clip_id";
    public static final String CONTENT_SHA256 = "content_sha256";
    public static final String STREAM = "stream";
    public static final String KEYFRAME = "keyframe";
    public static final String DESCRIPTOR = "descriptor";
    public static final String FRAME_COUNT = "frame_count";
    public static final String REPEATED_FRAMES = "repeated_frames";
    public static final String STATUS = "status";
    public static final String FAILURE_REASON = "failure_reason";
    public static final String FAILURE_MESSAGE = "failure_message";
    public static final String RUN_ID = "run_id";
    public static final String EXTRACTED_AT = "extracted_at";
    public static final String SETTINGS_DIGEST = "settings_digest";

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /** Rows as the tasks make them (the digest last: it becomes the partition folder). */
    public static final StructType SCHEMA = new StructType()
            .add(CLIP_ID, DataTypes.StringType, false)
            .add(CONTENT_SHA256, DataTypes.StringType, false)
            .add(STREAM, DataTypes.StringType, true)
            .add(KEYFRAME, DataTypes.IntegerType, true)
            .add(DESCRIPTOR, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(FRAME_COUNT, DataTypes.IntegerType, true)
            .add(REPEATED_FRAMES, DataTypes.BooleanType, true)
            .add(STATUS, DataTypes.StringType, false)
            .add(FAILURE_REASON, DataTypes.StringType, true)
            .add(FAILURE_MESSAGE, DataTypes.StringType, true)
            .add(RUN_ID, DataTypes.StringType, false)
            .add(EXTRACTED_AT, DataTypes.LongType, false)
            .add(SETTINGS_DIGEST, DataTypes.StringType, false);

    /** The manifest rows the tasks read: clip name, absolute path, label, group and split side. */
    public static final StructType MANIFEST = new StructType()
            .add(CLIP_ID, DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false)
            .add("group", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false);

    private DescriptorTable() {
    }

    /** The folder of one settings digest's rows. */
    public static Path partition(Path root, String settingsDigest) {
        return root.resolve(SETTINGS_DIGEST + "=" + settingsDigest);
    }

    static Row descriptor(String clip, String sha, String stream, int keyframe, float[] descriptor, int frameCount,
                          boolean repeated, ExtractionSettings s, long at) {
        return RowFactory.create(clip, sha, stream, keyframe, descriptor, frameCount, repeated, OK, null, null,
                s.runId(), at, s.settingsDigest());
    }

    static Row failure(String clip, String sha, String reason, String message, ExtractionSettings s, long at) {
        return RowFactory.create(clip, sha, null, null, null, null, null, FAILED, reason, message, s.runId(), at,
                s.settingsDigest());
    }
}
