package org.actionrec.motion;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.nio.ByteBuffer;
import java.util.List;
import org.actionrec.video.GreyFrame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Motion history image over the frames up to a keyframe, as the reference computes it:
 * mhi starts at 0; for each consecutive pair in the window, a pixel whose grey difference exceeds the threshold
 * is set to {@code window}, every other pixel decays by 1 (not below 0); the result is
 * {@code uint8(mhi * 255 / window)}, truncated. Recent motion is bright, older motion darker, no motion black.
 *
 * <p>Not thread-safe (native scratch buffers); close when done.
 */
public final class MotionHistoryEncoder implements AutoCloseable {
    private final MotionHistoryParams params;
    private final Mat previous = new Mat();
    private final Mat current = new Mat();
    private final Mat moving = new Mat();
    private final Mat history = new Mat();
    private final Mat scaled = new Mat();
    private final Mat toGrey;
    private final Scalar zero = new Scalar(0.0);

    public MotionHistoryEncoder() {
        this(MotionHistoryParams.DEFAULTS);
    }

    public MotionHistoryEncoder(MotionHistoryParams params) {
        this.params = params;
        // history value k (0..window) -> (uint8)(k * (255.0 / window)), as numpy computes it in float64.
        this.toGrey = new Mat(1, 256, CV_8UC1);
        byte[] table = new byte[256];
        double step = 255.0 / params.window();
        for (int k = 0; k <= params.window(); k++) {
            table[k] = (byte) (int) (k * step);
        }
        ByteBuffer lut = toGrey.createBuffer();
        lut.put(0, table);
    }

    public MotionHistoryParams params() {
        return params;
    }

    /**
     * The MHI of keyframe {@code keyframe} of a clip whose frames are {@code clip} (indexed by frame number).
     * Uses frames {@code max(0, keyframe - window)..keyframe}; a keyframe 0 gives an all-black image.
     */
    public GreyFrame encode(List<GreyFrame> clip, int keyframe) {
        if (keyframe < 0 || keyframe >= clip.size()) {
            throw new MotionInputException("keyframe " + keyframe + " outside a clip of " + clip.size() + " frames");
        }
        return encodeHistory(clip.subList(Math.max(0, keyframe - params.window()), keyframe + 1));
    }

    /**
     * The MHI of the last frame of {@code frames}, consecutive frames ending at the keyframe. Only the last
     * {@code window + 1} are used (window differences); fewer is fine near the start of a clip.
     */
    public GreyFrame encodeHistory(List<GreyFrame> frames) {
        if (frames.isEmpty()) {
            throw new MotionInputException("motion history needs at least the keyframe");
        }
        int first = Math.max(0, frames.size() - 1 - params.window());
        GreyFrame key = frames.get(frames.size() - 1);
        history.create(key.height(), key.width(), CV_8UC1);
        history.put(zero);
        NativeImages.loadGrey(frames.get(first), previous);
        for (int t = first + 1; t < frames.size(); t++) {
            GreyFrame frame = frames.get(t);
            NativeImages.requireSameSize(frame, key);
            NativeImages.loadGrey(frame, current);
            absdiff(current, previous, moving);
            // moving pixels -> window, others -> 0; then mhi = max(mhi - 1 (saturating at 0), that), which equals
            // "moving ? window : max(mhi - 1, 0)" because mhi - 1 < window always.
            threshold(moving, moving, params.threshold(), params.window(), THRESH_BINARY);
            history.convertTo(history, -1, 1.0, -1.0); // saturating: max(mhi - 1, 0)
            max(history, moving, history);
            current.copyTo(previous);
        }
        LUT(history, toGrey, scaled);
        return NativeImages.toGrey(scaled);
    }

    @Override
    public void close() {
        previous.close();
        current.close();
        moving.close();
        history.close();
        scaled.close();
        toGrey.close();
        zero.close();
    }
}
