package org.actionrec.video;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes any file FFmpeg reads (AVI/MPEG-4 Part 2, MP4/H.264, MKV, WebM, ...) through JavaCV into RGB frames.
 *
 * <p>The container's frame count is only a hint: it is used to plan which frames to keep in a single pass,
 * frames are counted while decoding, and where the count turns out different and the plan changes with it,
 * the file is decoded again with the plan applied to the true count. Frames outside the plan are decoded but
 * never converted to RGB, which is most of the cost saved.
 */
public final class FfmpegVideoReader implements VideoReader {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoReader.class);
    /** Files opened for decoding by every reader in this JVM, for tests and diagnostics ({@link #opens()}). */
    private static final java.util.concurrent.atomic.LongAdder OPENS = new java.util.concurrent.atomic.LongAdder();

    /** FFmpeg's own messages ("[mpeg4 @ 0x...] ac-tex damaged at 15 14"), for whoever debugs a file. */
    private static final Logger FFMPEG_LOG = LoggerFactory.getLogger("org.actionrec.video.ffmpeg");
    private static final LogCallback FFMPEG_TO_DEBUG = new FfmpegDebugLog().retainReference();

    static {
        // FFmpeg writes to stderr by default, and JavaCV's callback logs its decoder complaints as errors. What a
        // damaged or cut file means for the caller is in the warnings and exceptions below, in plain words; the
        // decoder's own lines go to the debug log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(FFMPEG_TO_DEBUG);
    }

    private final DecodeOptions options;

    public FfmpegVideoReader() {
        this(DecodeOptions.DEFAULTS);
    }

    public FfmpegVideoReader(DecodeOptions options) {
        this.options = options;
    }

    @Override
    public VideoMetadata probe(Path file) throws VideoReadException {
        try (OpenVideo video = open(file)) {
            return video.metadata;
        }
    }

    /**
     * How many times readers of this JVM have opened a file for decoding (probes included): a prediction should
     * open its video once, however many inputs its model reads.
     */
    public static long opens() {
        return OPENS.sum();
    }

    @Override
    public VideoMetadata count(Path file) throws VideoReadException {
        try (OpenVideo video = open(file)) {
            Pass pass = video.decode(new int[0], false);
            if (pass.count == 0) {
                throw new VideoReadException(file, VideoReadException.Reason.NO_FRAMES, pass.failureDetail(),
                        pass.error);
            }
            return video.metadata.withDecodedFrameCount(pass.count);
        }
    }

    @Override
    public DecodedFrames read(Path file, FramePlan plan) throws VideoReadException {
        List<String> warnings = new ArrayList<>();
        Pass pass;
        int[] wanted;
        VideoMetadata metadata;
        try (OpenVideo video = open(file)) {
            metadata = video.metadata;
            int guess = metadata.headerFrameCount();
            long clipBytes = (long) guess * metadata.width() * metadata.height() * 3;
            if (guess > 0 && clipBytes <= options.singlePassBytes()) {
                // A short clip, whose header's count is often wrong (in every JHMDB file): count its packets,
                // rewind and convert only the planned frames. Where packets are not frames, or the rewind
                // missed, every frame is converted in a fresh pass and the plan applied afterwards.
                int packets = video.rewoundPacketCount();
                pass = null;
                if (packets > 0) {
                    wanted = sortedDistinct(plan.indices(packets), packets);
                    pass = video.decode(wanted, false);
                    if (pass.count != packets || pass.error != null) pass = null;
                }
                if (pass == null) {
                    try (OpenVideo again = open(file)) {
                        pass = again.decode(FramePlan.all().indices(guess), true);
                    }
                }
            } else {
                wanted = guess > 0 ? sortedDistinct(plan.indices(guess), guess) : new int[0];
                pass = video.decode(wanted, false);
            }
        }
        if (pass.count == 0) {
            throw new VideoReadException(file, VideoReadException.Reason.NO_FRAMES, pass.failureDetail(), pass.error);
        }
        if (pass.error != null) {
            String why = plainCause(pass.error);
            warnings.add("decoding stopped after " + pass.count + " frames" + (why == null ? "" : " (" + why + ")")
                    + "; the clip is treated as truncated");
            LOG.debug("{}: decoding stopped after {} frames", file, pass.count, pass.error);
        }
        if (pass.count != metadata.headerFrameCount()) {
            warnings.add("header claims " + metadata.headerFrameCount() + " frames, " + pass.count + " decoded");
        }
        metadata = metadata.withDecodedFrameCount(pass.count);
        int[] needed = sortedDistinct(plan.indices(pass.count), pass.count);
        if (!pass.frames.keySet().containsAll(asList(needed))) {
            // The header was wrong and the plan moved: decode again, now knowing the real count.
            try (OpenVideo video = open(file)) {
                pass = video.decode(needed, false);
            }
            if (!pass.frames.keySet().containsAll(asList(needed))) {
                throw new VideoReadException(file, VideoReadException.Reason.DECODE_FAILED,
                        "second pass decoded " + pass.count + " frames, first pass " + metadata.decodedFrameCount());
            }
        }
        Map<Integer, RgbFrame> kept = new HashMap<>();
        for (int i : needed) {
            kept.put(i, pass.frames.get(i));
        }
        for (String w : warnings) {
            LOG.debug("{}: {}", file, w);
        }
        return new DecodedFrames(metadata, kept, warnings);
    }

    private static List<Integer> asList(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static int[] sortedDistinct(int[] indices, int frameCount) {
        for (int i : indices) {
            if (i < 0 || i >= frameCount) {
                throw new IllegalArgumentException("plan asked for frame " + i + " of " + frameCount);
            }
        }
        return Arrays.stream(indices).distinct().sorted().toArray();
    }

    private OpenVideo open(Path file) throws VideoReadException {
        if (!Files.exists(file)) {
            throw new VideoReadException(file, VideoReadException.Reason.NOT_FOUND, null);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new VideoReadException(file, VideoReadException.Reason.UNREADABLE, null);
        }
        try {
            if (Files.size(file) == 0) {
                throw new VideoReadException(file, VideoReadException.Reason.EMPTY_FILE, null);
            }
        } catch (java.io.IOException e) {
            throw new VideoReadException(file, VideoReadException.Reason.UNREADABLE, e.getMessage(), e);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toAbsolutePath().toString());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        grabber.setVideoOption("threads", Integer.toString(options.decoderThreads()));
        try {
            grabber.start();
            OPENS.increment();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Did not find a video or audio stream")) {
                throw new VideoReadException(file, VideoReadException.Reason.NO_VIDEO_STREAM, null, e);
            }
            throw new VideoReadException(file, VideoReadException.Reason.NOT_A_VIDEO, plainCause(e), e);
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release(grabber);
            throw new VideoReadException(file, VideoReadException.Reason.NO_VIDEO_STREAM, null);
        }
        String format = grabber.getFormat();
        if (format != null && (format.endsWith("_pipe") || format.startsWith("image2"))) {
            // FFmpeg opens a PNG or JPEG as a one-frame stream; whatever its name says, it is not a video.
            String codec = grabber.getVideoCodecName();
            release(grabber);
            throw new VideoReadException(file, VideoReadException.Reason.NOT_A_VIDEO,
                    "it is a still " + (codec == null || codec.isBlank() ? "" : codec.toUpperCase(Locale.ROOT) + " ")
                            + "image");
        }
        int width = grabber.getImageWidth();
        int height = grabber.getImageHeight();
        if ((long) width * height > options.maxPixels()) {
            release(grabber);
            throw new VideoReadException(file, VideoReadException.Reason.TOO_LARGE,
                    width + "x" + height + " > " + options.maxPixels() + " pixels");
        }
        VideoMetadata metadata = new VideoMetadata(file, grabber.getFormat(), grabber.getVideoCodecName(),
                grabber.getImageWidth(), grabber.getImageHeight(), grabber.getVideoFrameRate(),
                Math.max(0, grabber.getLengthInTime()) / 1e6, Math.max(0, grabber.getLengthInVideoFrames()), -1);
        return new OpenVideo(file, grabber, metadata);
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("releasing grabber failed", e);
        }
    }

    private static final Pattern ERROR_CODE = Pattern.compile("\\berror (-\\d+)");
    private static final Pattern CALL_PREFIX = Pattern.compile("^\\w+\\(\\) error(?: -?\\d+)?: ");

    /**
     * What went wrong, in words for users: JavaCV's sentence ("could not open video codec") without the C
     * function that failed, the file name and the hints meant for programmers ("Has setFormat() been
     * called?"), followed by the text of FFmpeg's error code ("invalid data found when processing input").
     * Null when nothing plain can be said; the exception itself stays the cause of the
     * {@link VideoReadException}, for logs.
     */
    public static String plainCause(Throwable e) {
        String message = e.getMessage();
        if (message == null || !(e instanceof FrameGrabber.Exception)) {
            return null;
        }
        if (message.contains("codec not found")) {
            return "FFmpeg has no decoder for its video codec";
        }
        Matcher code = ERROR_CODE.matcher(message);
        String codeText = code.find() ? errorText(Integer.parseInt(code.group(1))) : null;
        String sentence = CALL_PREFIX.matcher(message).replaceFirst("")
                .replaceAll("\\s*\\([^()]*\\(\\)[^()]*\\)", "")
                .replaceAll("\\s*\"[^\"]*\"", "")
                .replaceAll("[.\\s]+$", "")
                .strip();
        if (sentence.contains("()") || sentence.startsWith("Could not open input")) {
            sentence = "";
        }
        sentence = sentence.isEmpty() ? "" : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
        if (codeText == null) {
            return sentence.isEmpty() ? null : sentence;
        }
        return sentence.isEmpty() ? codeText : sentence + ": " + codeText;
    }

    /** FFmpeg's description of an AVERROR code, lower-cased, or null for a code it does not know. */
    private static String errorText(int errorCode) {
        byte[] buffer = new byte[256];
        if (avutil.av_strerror(errorCode, buffer, buffer.length) < 0) {
            return null;
        }
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        String text = new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** Sends FFmpeg's log lines to the debug log, one line each. */
    private static final class FfmpegDebugLog extends LogCallback {
        @Override
        public void call(int level, BytePointer message) {
            if (FFMPEG_LOG.isDebugEnabled()) {
                String line = message.getString().strip();
                if (!line.isEmpty()) {
                    FFMPEG_LOG.debug("{}", line);
                }
            }
        }
    }

    /** The outcome of one decoding pass: how many frames, the kept ones, and the error that ended it early. */
    private record Pass(int count, Map<Integer, RgbFrame> frames, Exception error) {
        String failureDetail() {
            if (error == null) {
                return "the stream holds no decodable frame";
            }
            String why = plainCause(error);
            return why == null ? "decoding failed at the first frame" : why;
        }
    }

    private final class OpenVideo implements AutoCloseable {
        final Path file;
        final FFmpegFrameGrabber grabber;
        final VideoMetadata metadata;

        OpenVideo(Path file, FFmpegFrameGrabber grabber, VideoMetadata metadata) {
            this.file = file;
            this.grabber = grabber;
            this.metadata = metadata;
        }

        /**
         * The video stream's packets, counted without decoding, with the file rewound to its start; -1 where it
         * cannot be rewound.
         */
        int rewoundPacketCount() {
            int count = 0;
            try {
                int stream = grabber.getVideoStream();
                for (AVPacket p = grabber.grabPacket(); p != null; p = grabber.grabPacket()) {
                    if (p.stream_index() == stream) count++;
                    avcodec.av_packet_unref(p);
                }
                grabber.setTimestamp(0);
                return count;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                LOG.debug("{}: counting packets and rewinding failed", file, e);
                return -1;
            }
        }

        /**
         * Decodes every frame; converts to RGB those in {@code keep} (sorted, distinct), or, with
         * {@code keepAll}, every frame (the header's count may be short).
         */
        Pass decode(int[] keep, boolean keepAll) {
            Map<Integer, RgbFrame> frames = new HashMap<>();
            int index = 0;
            int next = 0;
            Exception error = null;
            try {
                while (index < options.maxFrames()) {
                    Interruption.check();
                    boolean wanted = keepAll || next < keep.length && keep[next] == index;
                    // doProcessing=false skips the colour conversion of frames nobody asked for.
                    Frame f = grabber.grabFrame(false, true, wanted, false, false);
                    if (f == null) {
                        break;
                    }
                    if (f.image == null) {
                        continue;
                    }
                    if (wanted) {
                        frames.put(index, rgbOf(f));
                        next++;
                    }
                    index++;
                }
            } catch (CancellationException e) {
                throw e;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                error = e;
            }
            return new Pass(index, frames, error);
        }

        @Override
        public void close() {
            release(grabber);
        }
    }

    /** A decoded RGB24 frame's pixels copied out of FFmpeg's buffer (rows unpadded). */
    public static RgbFrame rgbOf(Frame f) {
        return rgbOf(f, null);
    }

    /** As {@link #rgbOf(Frame)}, into {@code reuse} where it has the frame's size (a pool's buffer). */
    public static RgbFrame rgbOf(Frame f, byte[] reuse) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int rowBytes = w * 3;
        ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
        int stride = f.imageStride;
        byte[] out = reuse != null && reuse.length == rowBytes * h ? reuse : new byte[rowBytes * h];
        if (stride == rowBytes) {
            src.position(0);
            src.get(out, 0, out.length);
        } else {
            for (int y = 0; y < h; y++) {
                src.position(y * stride);
                src.get(out, y * rowBytes, rowBytes);
            }
        }
        return new RgbFrame(w, h, out);
    }
}
