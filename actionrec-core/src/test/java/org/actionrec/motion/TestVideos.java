package org.actionrec.motion;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.actionrec.video.RgbFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Test videos: a synthetic moving square written with FFmpeg, and real clips decoded to RGB frames. */
public final class TestVideos {
    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    public static final int SQUARE = 32;
    public static final int START_X = 20;
    public static final int TOP = 44;
    public static final int BACKGROUND = 20;
    public static final int FOREGROUND = 230;

    private TestVideos() {
    }

    /** Left edge of the square in frame t when it moves {@code speed} px right per frame. */
    public static int squareX(int t, int speed) {
        return START_X + speed * t;
    }

    /** The frame as drawn (before encoding): a bright square on a dark background. */
    public static RgbFrame squareFrame(int t, int speed) {
        return squareAt(squareX(t, speed), TOP);
    }

    /** A bright square with its top-left corner at (x0, y0) on a dark background. */
    public static RgbFrame squareAt(int x0, int y0) {
        return squareAt(WIDTH, HEIGHT, SQUARE, x0, y0);
    }

    /** Writes {@code frames} squares moving right as MPEG-4 in AVI (high quality), returns the file. */
    public static Path writeMovingSquare(Path dir, int frames, int speed) throws IOException {
        Path file = dir.resolve("square.avi");
        List<RgbFrame> drawn = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            drawn.add(squareFrame(t, speed));
        }
        return writeFrames(file, drawn);
    }

    /** Writes a square starting at (x0, y0) and moving (dx, dy) px per frame, returns {@code file}. */
    public static Path writeSquareMotion(Path file, int frames, int x0, int y0, int dx, int dy) throws IOException {
        List<RgbFrame> drawn = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            drawn.add(squareAt(x0 + dx * t, y0 + dy * t));
        }
        return writeFrames(file, drawn);
    }

    /** The classes of {@link #writeSquareDataset}, in the order a folder dataset sorts them. */
    public static final List<String> SQUARE_CLASSES = List.of("Down", "Right", "Still");

    /**
     * A folder-per-class dataset without split files: a square that moves right, moves down or stands still,
     * {@code groups} sources per class with two clips each, named as UCF101 names them
     * ({@code Right/v_Right_g01_c02.avi}); a source's clips share their start position, as clips cut from one
     * video would.
     */
    public static Path writeSquareDataset(Path root, int groups, int frames) throws IOException {
        for (int g = 1; g <= groups; g++) {
            for (int c = 1; c <= 2; c++) {
                int x0 = 6 + 8 * g + 2 * c;
                int y0 = 4 + 4 * g + c;
                writeSquareMotion(squareClip(root, "Right", g, c), frames, x0, y0 + 20, 3, 0);
                writeSquareMotion(squareClip(root, "Down", g, c), frames, x0 + 40, y0, 0, 2);
                writeSquareMotion(squareClip(root, "Still", g, c), frames, x0 + 30, y0 + 30, 0, 0);
            }
        }
        return root;
    }

    /** The file of clip {@code clip} of source {@code group} of a class in {@link #writeSquareDataset}. */
    public static Path squareClip(Path root, String label, int group, int clip) {
        return root.resolve(label).resolve("v_" + label + "_g0" + group + "_c0" + clip + ".avi");
    }

    /** Writes frames (all of one size) as MPEG-4 in AVI at 25 fps, near-lossless, returns the file. */
    public static Path writeFrames(Path file, List<RgbFrame> frames) throws IOException {
        return writeFrames(file, frames.size(), 25, frames::get);
    }

    /** A bright square of side {@code side} with its top-left corner at (x, y) on a dark frame of w x h. */
    public static RgbFrame squareAt(int w, int h, int side, int x0, int y0) {
        byte[] px = new byte[w * h * 3];
        java.util.Arrays.fill(px, (byte) BACKGROUND);
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + side); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + side); x++) {
                int i = (y * w + x) * 3;
                px[i] = px[i + 1] = px[i + 2] = (byte) FOREGROUND;
            }
        }
        return new RgbFrame(w, h, px);
    }

    /** Writes {@code count} frames made by {@code frame} (all of one size) as MPEG-4 in AVI at {@code fps}. */
    public static Path writeFrames(Path file, int count, int fps, java.util.function.IntFunction<RgbFrame> frame)
            throws IOException {
        avutil.av_log_set_level(AV_LOG_ERROR);
        Files.createDirectories(file.toAbsolutePath().getParent());
        RgbFrame first = frame.apply(0);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), first.width(), first.height(), 0)) {
            rec.setFormat("avi");
            rec.setVideoCodec(AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoQuality(1); // qscale 1: near-lossless, so edges stay sharp
            rec.setGopSize(1);
            rec.start();
            for (int t = 0; t < count; t++) record(rec, t == 0 ? first : frame.apply(t));
            rec.stop();
        }
        return file;
    }

    /** Records one RGB frame. */
    public static void record(FFmpegFrameRecorder rec, RgbFrame f) throws IOException {
        try (Frame frame = new Frame(f.width(), f.height(), Frame.DEPTH_UBYTE, 3)) {
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int y = 0; y < f.height(); y++) {
                buf.put(y * frame.imageStride, f.pixels(), y * f.width() * 3, f.width() * 3);
            }
            rec.record(frame, AV_PIX_FMT_RGB24);
        }
    }

    /** Decodes up to {@code maxFrames} frames of a video file as RGB. */
    public static List<RgbFrame> decode(Path file, int maxFrames) throws IOException {
        avutil.av_log_set_level(AV_LOG_ERROR);
        List<RgbFrame> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(AV_PIX_FMT_RGB24);
            g.start();
            Frame f;
            while (out.size() < maxFrames && (f = g.grabImage()) != null) {
                int w = f.imageWidth;
                int h = f.imageHeight;
                byte[] px = new byte[w * h * 3];
                ByteBuffer buf = (ByteBuffer) f.image[0];
                for (int y = 0; y < h; y++) {
                    buf.get(y * f.imageStride, px, y * w * 3, w * 3);
                }
                out.add(new RgbFrame(w, h, px));
            }
            g.stop();
        }
        return out;
    }

    /** The first clip (by name) of the first class folder of the shared JHMDB copy. */
    public static Path firstJhmdbClip(Path jhmdb) throws IOException {
        try (Stream<Path> classes = Files.list(jhmdb)) {
            Path cls = classes.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("splits"))
                    .sorted().findFirst().orElseThrow();
            try (Stream<Path> clips = Files.list(cls)) {
                return clips.filter(p -> p.toString().endsWith(".avi")).sorted().findFirst().orElseThrow();
            }
        }
    }
}
