package org.actionrec.transform;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import java.nio.ByteBuffer;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Loads a frame into a reused native Mat and scales its shorter side (OpenCV INTER_LINEAR, as the reference). */
final class ShorterSideResizer implements AutoCloseable {
    private final ImagePreprocessing config;
    private final Mat source = new Mat();
    private final Mat resized = new Mat();

    ShorterSideResizer(ImagePreprocessing config) {
        this.config = config;
    }

    /** The resized image (valid until the next call); the frame itself when it already has the target size. */
    Mat resize(RgbFrame frame) {
        return resize(frame.width(), frame.height(), CV_8UC3, frame.pixels());
    }

    Mat resize(GreyFrame frame) {
        return resize(frame.width(), frame.height(), CV_8UC1, frame.pixels());
    }

    private Mat resize(int width, int height, int type, byte[] pixels) {
        source.create(height, width, type);
        ByteBuffer buf = source.createBuffer();
        buf.put(0, pixels);
        ImageSize target = config.resizedSize(width, height);
        if (target.width() == width && target.height() == height) {
            return source;
        }
        try (Size size = new Size(target.width(), target.height())) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(source, resized, size, 0, 0, INTER_LINEAR);
        }
        return resized;
    }

    @Override
    public void close() {
        source.close();
        resized.close();
    }
}
