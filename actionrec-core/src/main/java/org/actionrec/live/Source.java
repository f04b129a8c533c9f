package org.actionrec.live;

import org.actionrec.video.VideoReadException;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where frames come from: a video file, a stream URL FFmpeg reads (rtsp, http, udp, rtp, ...), or a capture
 * device read through FFmpeg's v4l2 input.
 */
public record Source(Kind kind, String location) {
    public enum Kind {
        FILE, URL, DEVICE
    }

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    /** {@code /dev/video*} is a device, {@code scheme://...} a URL, anything else a file. */
    public static Source parse(String text) {
        if (text.startsWith("/dev/video")) return new Source(Kind.DEVICE, text);
        if (text.matches("(?i)[a-z][a-z0-9+.-]*://.*") && !text.toLowerCase(Locale.ROOT).startsWith("file://")) {
            return new Source(Kind.URL, text);
        }
        return new Source(Kind.FILE, text.toLowerCase(Locale.ROOT).startsWith("file://") ? text.substring(7) : text);
    }

    public static Source file(Path file) {
        return new Source(Kind.FILE, file.toString());
    }

    /** Streams and devices come back after a loss; a file's end is its end. */
    public boolean reconnects() {
        return kind != Kind.FILE;
    }

    /** The path errors name (for a URL or device, its text). */
    public Path path() {
        return Path.of(location);
    }

    public VideoReadException error(VideoReadException.Reason reason, String detail) {
        return error(reason, detail, null);
    }

    /** An error about this source that names it as given (a URL keeps its {@code //}). */
    public VideoReadException error(VideoReadException.Reason reason, String detail, Throwable cause) {
        return new VideoReadException(location, path(), reason, detail, cause);
    }

    @Override
    public String toString() {
        return location;
    }
}
