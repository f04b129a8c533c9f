package org.actionrec.video;

import java.nio.file.Path;

/**
 * A video that could not be read, with the file and a typed cause. Batch jobs catch it, record
 * {@link #file()} and {@link #reason()}, and go on with the next clip.
 *
 * <p>The message is for people: the file, the reason, and where it helps FFmpeg's plain description of the
 * problem. What the native libraries said, in their own terms, is in {@link #getCause()}.
 */
public class VideoReadException extends Exception {
    /** Why a video could not be read. */
    public enum Reason {
        NOT_FOUND("file not found"),
        UNREADABLE("file cannot be read (permissions or not a regular file)"),
        EMPTY_FILE("file is empty (0 bytes)"),
        NOT_A_VIDEO("not a video FFmpeg can read"),
        NO_VIDEO_STREAM("the file has no video stream"),
        NO_FRAMES("no frame could be decoded"),
        TOO_LARGE("frame size exceeds the configured limit"),
        DECODE_FAILED("decoding failed"),
        UNREACHABLE("the stream or device cannot be reached");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Path file;
    private final Reason reason;

    public VideoReadException(Path file, Reason reason, String detail, Throwable cause) {
        this(String.valueOf(file), file, reason, detail, cause);
    }

    /**
     * For a source that is not a file (a stream URL, a device): {@code name} is what the message names, as
     * given ({@code udp://host:port} would lose a slash as a path).
     */
    public VideoReadException(String name, Path file, Reason reason, String detail, Throwable cause) {
        super(name + ": " + reason.description() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"), cause);
        this.file = file;
        this.reason = reason;
    }

    public VideoReadException(Path file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
