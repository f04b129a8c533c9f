package org.actionrec.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * A copy of a video that any browser plays: VP8 in WebM, scaled down, no sound. Datasets come as AVI with
 * MPEG-4 part 2 or Xvid, which browsers do not decode, so a page that shows the uploaded video needs this.
 */
public final class WebmPreview {
    /** Widest preview: enough to watch an action, small enough to encode faster than real time. */
    public static final int DEFAULT_MAX_WIDTH = 480;

    private final FfmpegVideoReader reader;
    private final int maxWidth;

    public WebmPreview(FfmpegVideoReader reader, int maxWidth) {
        if (maxWidth < 16) throw new IllegalArgumentException("max width must be at least 16, was " + maxWidth);
        this.reader = reader;
        this.maxWidth = maxWidth;
    }

    /**
     * Writes {@code video}'s preview to {@code out}; a video the pipeline cannot read gives its typed error.
     *
     * @return the frames written
     */
    public int write(Path video, Path out) throws VideoReadException {
        VideoMetadata m = reader.probe(video);
        int width = Math.min(maxWidth, m.width()) & ~1; // even sizes for 4:2:0
        int height = Math.max(2, (int) Math.round((double) m.height() * width / m.width()) & ~1);
        double fps = m.fps() > 0 && m.fps() <= 240 ? m.fps() : 25;
        int frames = 0;
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(video.toFile());
                FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, 0)) {
            in.start();
            rec.setFormat("webm");
            rec.setVideoCodec(AV_CODEC_ID_VP8);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoBitrate(800_000);
            rec.setVideoOption("deadline", "realtime");
            rec.setVideoOption("cpu-used", "8");
            rec.start();
            Frame f;
            while ((f = in.grabImage()) != null) {
                Interruption.check();
                rec.record(f); // the recorder scales each frame to the preview's size
                frames++;
            }
            rec.stop();
            in.stop();
        } catch (CancellationException e) {
            throw e;
        } catch (FrameGrabber.Exception | FrameRecorder.Exception | RuntimeException e) {
            throw new VideoReadException(video, VideoReadException.Reason.DECODE_FAILED,
                    "the preview could not be made: " + e.getMessage(), e);
        }
        if (frames == 0) {
            throw new VideoReadException(video, VideoReadException.Reason.NO_FRAMES, "nothing to preview");
        }
        return frames;
    }
}
