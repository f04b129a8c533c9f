package org.actionrec.transform;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.ByteBuffer;
import java.util.List;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Test-time preprocessing: resize the shorter side, cut the centre crop (or the ten crops), normalise, and write
 * CHW floats into a caller's array at an offset, so a whole batch [N, 3, crop, crop] fills without copies.
 * A grey image (a motion image) is repeated to three channels, as the reference does with GRAY2RGB.
 *
 * <p>Keeps native scratch images between calls: not thread-safe (use one per thread); close when done.
 */
public final class ImagePreprocessor implements AutoCloseable {
    private final ImagePreprocessing config;
    private final ShorterSideResizer resizer;
    private final TensorWriter writer;

    public ImagePreprocessor() {
        this(ImagePreprocessing.IMAGENET);
    }

    public ImagePreprocessor(ImagePreprocessing config) {
        this.config = config;
        this.resizer = new ShorterSideResizer(config);
        this.writer = new TensorWriter(config);
    }

    public ImagePreprocessing config() {
        return config;
    }

    /** Writes the centre crop of {@code frame}: {@link ImagePreprocessing#tensorLength()} floats at {@code offset}. */
    public void centreCrop(RgbFrame frame, float[] dst, int offset) {
        Mat img = resizer.resize(frame);
        writer.write(img, config.centreCrop(size(img)), dst, offset);
    }

    /** A grey image's centre crop with the grey value in all three channels. */
    public void centreCrop(GreyFrame frame, float[] dst, int offset) {
        Mat img = resizer.resize(frame);
        writer.write(img, config.centreCrop(size(img)), dst, offset);
    }

    /** Writes the ten crops ({@link ImagePreprocessing#tenCrops}) one after another: 10 tensors from {@code offset}. */
    public void tenCrop(RgbFrame frame, float[] dst, int offset) {
        writeAll(resizer.resize(frame), dst, offset);
    }

    public void tenCrop(GreyFrame frame, float[] dst, int offset) {
        writeAll(resizer.resize(frame), dst, offset);
    }

    /** The resized, centre-cropped 8-bit image before normalisation (for inspection, previews and checks). */
    public RgbFrame resizeAndCentreCrop(RgbFrame frame) {
        Mat img = resizer.resize(frame);
        CropWindow w = config.centreCrop(size(img));
        return new RgbFrame(w.size(), w.size(), copyWindow(img, w));
    }

    private void writeAll(Mat img, float[] dst, int offset) {
        List<CropWindow> crops = config.tenCrops(size(img));
        for (int i = 0; i < crops.size(); i++) {
            writer.write(img, crops.get(i), dst, offset + i * config.tensorLength());
        }
    }

    static ImageSize size(Mat img) {
        return new ImageSize(img.cols(), img.rows());
    }

    static byte[] copyWindow(Mat img, CropWindow w) {
        if (img.type() != CV_8UC3 && img.type() != CV_8UC1) {
            throw new IllegalStateException("expected an 8-bit image");
        }
        int ch = img.channels();
        int rowBytes = w.size() * ch;
        byte[] out = new byte[rowBytes * w.size()];
        ByteBuffer buf = img.createBuffer();
        for (int y = 0; y < w.size(); y++) {
            buf.get(((w.y() + y) * img.cols() + w.x()) * ch, out, y * rowBytes, rowBytes);
        }
        return out;
    }

    @Override
    public void close() {
        resizer.close();
    }
}
