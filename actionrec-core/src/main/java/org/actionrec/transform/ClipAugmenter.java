package org.actionrec.transform;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import java.util.Random;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Training augmentation consistent over a clip: the same {@link ClipAugmentation} (flip, crop, colour jitter)
 * applied to each frame, written as normalised CHW tensors like {@link ImagePreprocessor}. Colour jitter follows
 * torchvision's definitions in a fixed order: brightness scales values, contrast blends with the frame's mean grey,
 * saturation blends with the frame's grey image.
 *
 * <p>Keeps native scratch images between calls: not thread-safe (use one per thread); close when done.
 */
public final class ClipAugmenter implements AutoCloseable {
    private final ImagePreprocessing config;
    private final ShorterSideResizer resizer;
    private final TensorWriter writer;
    private final Mat cropped = new Mat();
    private final Mat jittered = new Mat();
    private final Mat grey = new Mat();
    private final Mat greyRgb = new Mat();

    public ClipAugmenter() {
        this(ImagePreprocessing.IMAGENET);
    }

    public ClipAugmenter(ImagePreprocessing config) {
        this.config = config;
        this.resizer = new ShorterSideResizer(config);
        this.writer = new TensorWriter(config);
    }

    public ImagePreprocessing config() {
        return config;
    }

    /**
     * Draws one augmentation from {@code rng} and applies it to every frame: tensors for frames 0..T-1 are written
     * one after another from {@code offset} ([T, 3, crop, crop]). Returns what was drawn (for provenance).
     */
    public ClipAugmentation augmentClip(List<RgbFrame> clip, ClipAugmentationParams params, Random rng,
                                        float[] dst, int offset) {
        ClipAugmentation aug = ClipAugmentation.draw(params, rng);
        for (int t = 0; t < clip.size(); t++) {
            apply(aug, clip.get(t), dst, offset + t * config.tensorLength());
        }
        return aug;
    }

    /** One frame under a given clip augmentation: {@link ImagePreprocessing#tensorLength()} floats at offset. */
    public void apply(ClipAugmentation aug, RgbFrame frame, float[] dst, int offset) {
        Mat img = resizer.resize(frame);
        CropWindow w = aug.window(ImagePreprocessor.size(img), config.crop());
        if (w.size() == config.crop() && !aug.changesColour()) {
            writer.write(img, w, dst, offset);
            return;
        }
        Mat square = cropTo(img, w);
        if (aug.changesColour()) {
            jitter(square, aug);
            square = jittered;
        }
        writer.write(square, new CropWindow(0, 0, config.crop(), w.mirrored()), dst, offset);
    }

    /**
     * A grey (motion) image under the clip's flip and crop; colour jitter does not apply to motion. For an x-flow
     * image pass {@code invertOnFlip}: mirroring reverses horizontal motion, so values reflect about mid-grey
     * (v -> 255 - v).
     */
    public void apply(ClipAugmentation aug, GreyFrame frame, boolean invertOnFlip, float[] dst, int offset) {
        Mat img = resizer.resize(frame);
        if (invertOnFlip && aug.flip()) {
            bitwise_not(img, img); // 255 - v on 8-bit; img is this augmenter's own scratch copy
        }
        CropWindow w = aug.window(ImagePreprocessor.size(img), config.crop());
        if (w.size() == config.crop()) {
            writer.write(img, w, dst, offset);
        } else {
            writer.write(cropTo(img, w), new CropWindow(0, 0, config.crop(), w.mirrored()), dst, offset);
        }
    }

    /** The augmented 8-bit image before normalisation (for previews and checks). */
    public RgbFrame augmentedImage(ClipAugmentation aug, RgbFrame frame) {
        Mat img = resizer.resize(frame);
        CropWindow w = aug.window(ImagePreprocessor.size(img), config.crop());
        Mat square = cropTo(img, w);
        if (aug.changesColour()) {
            jitter(square, aug);
            square = jittered;
        }
        byte[] px = ImagePreprocessor.copyWindow(square, new CropWindow(0, 0, config.crop(), false));
        if (aug.flip()) {
            int c = config.crop();
            byte[] mirrored = new byte[px.length];
            for (int y = 0; y < c; y++) {
                for (int x = 0; x < c; x++) {
                    System.arraycopy(px, (y * c + x) * 3, mirrored, (y * c + c - 1 - x) * 3, 3);
                }
            }
            px = mirrored;
        }
        return new RgbFrame(config.crop(), config.crop(), px);
    }

    /** The window cut out (unmirrored) and scaled to crop x crop, as a continuous Mat. */
    private Mat cropTo(Mat img, CropWindow w) {
        try (Rect r = new Rect(w.x(), w.y(), w.size(), w.size()); Mat roi = new Mat(img, r)) {
            if (w.size() == config.crop()) {
                roi.copyTo(cropped);
            } else {
                try (Size s = new Size(config.crop(), config.crop())) {
                    resize(roi, cropped, s, 0, 0, INTER_LINEAR);
                }
            }
        }
        return cropped;
    }

    private void jitter(Mat rgb, ClipAugmentation aug) {
        if (rgb.type() != CV_8UC3) {
            throw new IllegalStateException("colour jitter needs an RGB image");
        }
        double b = aug.brightness();
        double c = aug.contrast();
        double meanGrey = 0;
        if (c != 1) {
            cvtColor(rgb, grey, COLOR_RGB2GRAY);
            try (Scalar m = mean(grey)) {
                meanGrey = m.get(0);
            }
        }
        // brightness then contrast in one saturating pass: c * (b * v) + (1 - c) * (b * meanGrey)
        rgb.convertTo(jittered, -1, c * b, (1 - c) * b * meanGrey);
        if (aug.saturation() != 1) {
            double s = aug.saturation();
            cvtColor(jittered, grey, COLOR_RGB2GRAY);
            cvtColor(grey, greyRgb, COLOR_GRAY2RGB);
            addWeighted(jittered, s, greyRgb, 1 - s, 0, jittered);
        }
    }

    @Override
    public void close() {
        resizer.close();
        cropped.close();
        jittered.close();
        grey.close();
        greyRgb.close();
    }
}
