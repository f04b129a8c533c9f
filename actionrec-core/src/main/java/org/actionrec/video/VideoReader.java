package org.actionrec.video;

import java.nio.file.Path;

/** Reads video files: metadata, and the frames a plan asks for. Implementations are safe to share across threads. */
public interface VideoReader {
    /** The container's own description of the file, without decoding frames. */
    VideoMetadata probe(Path file) throws VideoReadException;

    /** Metadata with the frame count verified by decoding every frame. */
    VideoMetadata count(Path file) throws VideoReadException;

    /** Decodes the file and keeps the frames the plan asks for, the plan being applied to the true frame count. */
    DecodedFrames read(Path file, FramePlan plan) throws VideoReadException;
}
