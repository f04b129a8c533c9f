package org.actionrec.video;

import java.nio.file.Path;

/** A file a batch job could not read, and why; batch jobs collect these and go on. */
public record VideoFailure(Path file, String name, VideoReadException.Reason reason, String message) {
    public static VideoFailure of(String name, VideoReadException e) {
        return new VideoFailure(e.file(), name, e.reason(), e.getMessage());
    }
}
