package org.actionrec.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Grey conversion for the motion streams. OpenCV's {@code COLOR_RGB2GRAY} on our RGB frames gives exactly what
 * the reference's {@code COLOR_BGR2GRAY} gives on the BGR frames it decodes (same fixed-point weights, channels
 * swapped), so motion images match the reference.
 */
public final class Greyscale {
    private Greyscale() {
    }

    public static GreyFrame of(RgbFrame frame) {
        try (Mat rgb = new Mat(); Mat grey = new Mat()) {
            return convert(frame, rgb, grey);
        }
    }

    /** Converts every frame, reusing the same native buffers. */
    public static List<GreyFrame> of(List<RgbFrame> frames) {
        List<GreyFrame> out = new ArrayList<>(frames.size());
        try (Mat rgb = new Mat(); Mat grey = new Mat()) {
            for (RgbFrame f : frames) {
                out.add(convert(f, rgb, grey));
            }
        }
        return out;
    }

    /**
     * Converts frame after frame with the same native buffers, into a caller's pixel array where it has the
     * size (the same conversion as {@link #of(RgbFrame)}). Not thread-safe; close when done.
     */
    public static final class Converter implements AutoCloseable {
        private final Mat rgb = new Mat();
        private final Mat grey = new Mat();

        public GreyFrame convert(RgbFrame frame, byte[] reuse) {
            rgb.create(frame.height(), frame.width(), CV_8UC3);
            ByteBuffer in = rgb.createBuffer();
            in.put(0, frame.pixels());
            cvtColor(rgb, grey, COLOR_RGB2GRAY);
            int n = frame.width() * frame.height();
            byte[] pixels = reuse != null && reuse.length == n ? reuse : new byte[n];
            if (!grey.isContinuous()) throw new IllegalStateException("expected a continuous grey Mat");
            ByteBuffer out = grey.createBuffer();
            out.get(0, pixels);
            return new GreyFrame(frame.width(), frame.height(), pixels);
        }

        @Override
        public void close() {
            rgb.close();
            grey.close();
        }
    }

    private static GreyFrame convert(RgbFrame frame, Mat rgb, Mat grey) {
        rgb.create(frame.height(), frame.width(), CV_8UC3);
        ByteBuffer buf = rgb.createBuffer();
        buf.put(0, frame.pixels());
        cvtColor(rgb, grey, COLOR_RGB2GRAY);
        return NativeImages.toGrey(grey);
    }
}
