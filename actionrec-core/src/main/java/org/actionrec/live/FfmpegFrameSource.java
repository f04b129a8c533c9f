package org.actionrec.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.VideoReadException.Reason;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Source} read through JavaCV's FFmpeg grabber: a file (times from frame numbers, so they match the
 * file's timeline), a URL (times from the stream's timestamps, with a read timeout so a stopped stream is
 * noticed) or a v4l2 device.
 */
public final class FfmpegFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegFrameSource.class);

    private final Source source;
    private final FFmpegFrameGrabber grabber;
    private final double fps;
    private long index;
    private long firstTimestamp = -1;

    private FfmpegFrameSource(Source source, FFmpegFrameGrabber grabber) {
        this.source = source;
        this.grabber = grabber;
        double rate = grabber.getVideoFrameRate();
        this.fps = rate > 0 && rate < 1000 && Double.isFinite(rate) ? rate : 0;
    }

    /**
     * Opens a source.
     *
     * @param readTimeoutMillis how long a URL may stay silent before it counts as lost
     * @throws VideoReadException typed: a missing, unreadable, empty or foreign file, a source with no video
     */
    public static FfmpegFrameSource open(Source source, long readTimeoutMillis) throws VideoReadException {
        Path path = source.path();
        if (source.kind() == Source.Kind.FILE) {
            if (!Files.exists(path)) throw source.error(Reason.NOT_FOUND, null);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw source.error(Reason.UNREADABLE, null);
            }
            try {
                if (Files.size(path) == 0) throw source.error(Reason.EMPTY_FILE, null);
            } catch (IOException e) {
                throw source.error(Reason.UNREADABLE, e.getMessage(), e);
            }
        }
        if (source.kind() == Source.Kind.DEVICE) {
            String missing = deviceInputMissing();
            if (missing != null) throw source.error(Reason.UNREACHABLE, missing);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.kind() == Source.Kind.FILE
                ? path.toAbsolutePath().toString() : source.location());
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        g.setVideoOption("threads", "1");
        if (source.kind() == Source.Kind.DEVICE) g.setFormat("video4linux2");
        if (source.kind() == Source.Kind.URL) {
            String micros = Long.toString(TimeUnit.MILLISECONDS.toMicros(readTimeoutMillis));
            g.setOption("rw_timeout", micros); // any protocol: a read that waits longer fails
            g.setOption("timeout", micros);    // udp, rtsp, http: socket timeout
        }
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Did not find a video or audio stream")) {
                throw source.error(Reason.NO_VIDEO_STREAM, null, e);
            }
            throw source.error(source.kind() == Source.Kind.FILE ? Reason.NOT_A_VIDEO
                    : Reason.UNREACHABLE, FfmpegVideoReader.plainCause(e), e);
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            release(g);
            throw source.error(Reason.NO_VIDEO_STREAM, null);
        }
        String format = g.getFormat();
        if (source.kind() == Source.Kind.FILE && format != null && (format.endsWith("_pipe")
                || format.startsWith("image2"))) {
            release(g);
            throw source.error(Reason.NOT_A_VIDEO, "it is a still image");
        }
        return new FfmpegFrameSource(source, g);
    }

    @Override
    public Source source() {
        return source;
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public SourceFrame next(boolean convert, org.actionrec.timeline.FrameBuffers buffers) throws VideoReadException {
        while (true) {
            Frame f;
            try {
                f = grabber.grabFrame(false, true, convert, false, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw source.error(Reason.DECODE_FAILED, FfmpegVideoReader.plainCause(e), e);
            }
            if (f == null) return null;
            if (f.image == null) continue;
            double time = time(f.timestamp);
            index++;
            return new SourceFrame(convert ? FfmpegVideoReader.rgbOf(f, buffers.take(f.imageWidth * f.imageHeight * 3))
                    : null, time);
        }
    }

    /** A file's frame i is at i / fps (as its timeline says); a stream's at its timestamp since the first frame. */
    private double time(long timestampMicros) {
        double rate = fps > 0 ? fps : org.actionrec.timeline.WindowPlan.DEFAULT_FPS;
        if (source.kind() == Source.Kind.FILE || timestampMicros < 0) return index / rate;
        if (firstTimestamp < 0) firstTimestamp = timestampMicros;
        return (timestampMicros - firstTimestamp) / 1e6;
    }

    @Override
    public void close() {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("releasing the grabber failed", e);
        }
    }

    /**
     * Why FFmpeg's device inputs (libavdevice, with v4l2) cannot load on this machine, or null where they can.
     * JavaCV's libavdevice links PulseAudio's client library, which a machine without sound packages lacks; the
     * grabber then says only "could not find input format", so the linker's own words are kept here.
     */
    static String deviceInputMissing() {
        return DeviceInput.MISSING;
    }

    /** Probed once: a class whose native library failed to load cannot be loaded again in this process. */
    private static final class DeviceInput {
        static final String MISSING = probe();

        private static String probe() {
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avdevice.class);
                return null;
            } catch (LinkageError e) {
                String detail = String.valueOf(e.getMessage());
                for (Throwable t = e; t != null; t = t.getCause()) {
                    String m = String.valueOf(t.getMessage());
                    int at = m.indexOf(".so: ");
                    if (m.contains("cannot open shared object file")) {
                        detail = at > 0 ? m.substring(at + 5) : m;
                    }
                }
                return "FFmpeg's device input (libavdevice) cannot load here: " + detail
                        + (detail.contains("libpulse") ? "; install PulseAudio's client library (Debian and Ubuntu: "
                        + "apt-get install libpulse0)" : "");
            }
        }
    }
}
