package org.actionrec.video;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Videos the tests write themselves with FFmpegFrameRecorder: known content, known frame count. */
public final class TestVideos {
    private TestVideos() {
    }

    /**
     * Writes {@code frames} frames of a dark background with a bright square whose left edge starts at x0 and
     * moves {@code dx} px right per frame; frame i also carries its index in the blue channel of pixel (0,0)
     * area so tests can check which frame they got.
     */
    public static Path movingSquare(Path file, int frames, int width, int height, int x0, int dx, int size)
            throws Exception {
        return write(file, frames, width, height, avcodec.AV_CODEC_ID_MPEG4, (i, img) -> {
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(new java.awt.Color(30, 30, 30));
            g.fillRect(0, 0, width, height);
            g.setColor(new java.awt.Color(230, 230, 230));
            g.fillRect(x0 + i * dx, (height - size) / 2, size, size);
            // A frame-index marker: a 16x16 block whose grey level encodes i (8 levels apart).
            g.setColor(new java.awt.Color(Math.min(255, i * 8), Math.min(255, i * 8), Math.min(255, i * 8)));
            g.fillRect(0, 0, 16, 16);
            g.dispose();
        });
    }

    /** Reads the frame-index marker written by {@link #movingSquare}. */
    public static int markerIndex(RgbFrame f) {
        int sum = 0;
        for (int y = 4; y < 12; y++) {
            for (int x = 4; x < 12; x++) {
                sum += f.at(x, y, 1);
            }
        }
        return Math.round(sum / 64f / 8f);
    }

    interface Painter {
        void paint(int index, java.awt.image.BufferedImage image);
    }

    static Path write(Path file, int frames, int width, int height, int codec, Painter painter) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), width, height);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            if (codec == avcodec.AV_CODEC_ID_H264) {
                rec.setVideoCodecName("libopenh264"); // the H.264 encoder JavaCV's FFmpeg build ships
            } else {
                rec.setVideoCodec(codec);
            }
            rec.setFrameRate(25);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (codec == avcodec.AV_CODEC_ID_MPEG4) {
                rec.setVideoQuality(2); // low qscale, so pixel values survive encoding
            } else {
                rec.setVideoBitrate(2_000_000);
            }
            rec.setGopSize(10);
            rec.start();
            for (int i = 0; i < frames; i++) {
                java.awt.image.BufferedImage img =
                        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
                painter.paint(i, img);
                Frame f = conv.convert(img);
                rec.record(f);
            }
            rec.stop();
        }
        return file;
    }
}
