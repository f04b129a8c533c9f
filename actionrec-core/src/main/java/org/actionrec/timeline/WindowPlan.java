package org.actionrec.timeline;

import java.util.Locale;
import java.util.Optional;
import org.actionrec.recognizer.TrainingClips;

/**
 * Where the windows of a long video or a stream fall: {@code windowFrames} frames every {@code strideFrames}
 * frames, window {@code i} starting at frame {@code i * strideFrames} of a run of frames.
 *
 * <p>Both are rounded to the keyframe grid (the window to the nearest, the stride down): a window is {@code K * spacing} frames long, so its K uniform
 * keyframes (segment centres) sit {@code spacing} frames apart, and the stride is a whole number of spacings,
 * so a window's keyframes are mostly the previous window's, shifted: their images and descriptors are made once
 * and shared. Each window is still sampled exactly as the model's training clips were.
 *
 * @param fps            frames per second of the source (for seconds in the outputs)
 * @param keyframes      keyframes per window (the model's K)
 * @param keyframeSpacing frames between neighbouring keyframes of a window
 * @param strideFrames   frames between the starts of neighbouring windows
 * @param basis          where the window length came from, for provenance
 */
public record WindowPlan(double fps, int keyframes, int keyframeSpacing, int strideFrames, String basis) {
    /** Window length when the model file records no training clip durations (about a JHMDB or UCF101 clip). */
    public static final double DEFAULT_WINDOW_S = 1.2;
    /** Frame rate assumed for a source that states none (a camera or stream without a rate). */
    public static final double DEFAULT_FPS = 30;

    public WindowPlan {
        if (!(fps > 0)) throw new IllegalArgumentException("fps must be positive, got " + fps);
        if (keyframes < 1 || keyframeSpacing < 1 || strideFrames < 1) {
            throw new IllegalArgumentException("keyframes, spacing and stride must be ≥ 1");
        }
    }

    public int windowFrames() {
        return keyframes * keyframeSpacing;
    }

    public double windowSeconds() {
        return windowFrames() / fps;
    }

    public double strideSeconds() {
        return strideFrames / fps;
    }

    /**
     * The plan for a source at {@code fps}: the window {@code windowS} seconds (null: the lower quartile of the
     * model's training clip durations, else {@link #DEFAULT_WINDOW_S}), the stride {@code strideS} (null: half the
     * window), both rounded to the keyframe grid of {@code keyframes} keyframes.
     *
     * <p>The lower quartile rather than the median: three training clips in four are at least as long, so the
     * window is still sampled like a training clip, while fewer windows of a long video reach across the change
     * from one action to the next (on JHMDB split 1's concatenated test clips, 1.0 s windows label 92% as many
     * frames right as clips are, 1.33 s windows 87%; docs/RESULTS.md).
     */
    public static WindowPlan of(double fps, Double windowS, Double strideS, int keyframes,
                                Optional<TrainingClips> training) {
        double rate = fps > 0 && Double.isFinite(fps) ? fps : DEFAULT_FPS;
        String basis;
        double window;
        if (windowS != null) {
            if (!(windowS > 0)) throw new IllegalArgumentException("window must be positive, got " + windowS + " s");
            window = windowS;
            basis = "asked for";
        } else if (training.isPresent()) {
            window = training.get().lowerQuartileDurationS();
            basis = "lower quartile of the training clip durations (" + training.get() + ")";
        } else {
            window = DEFAULT_WINDOW_S;
            basis = "default " + DEFAULT_WINDOW_S + " s: the model file records no training clip durations";
        }
        int spacing = Math.max(1, (int) Math.round(window * rate / keyframes));
        double stride = strideS != null ? strideS : window / 2;
        if (!(stride > 0)) throw new IllegalArgumentException("stride must be positive, got " + strideS + " s");
        // rounded down: a stride is never coarser than asked (finer costs little: on the grid, a frame's images are
        // made once whatever the overlap)
        int strideSpacings = Math.max(1, (int) Math.floor(stride * rate / spacing + 1e-9));
        return new WindowPlan(rate, keyframes, spacing, strideSpacings * spacing, basis);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "window %d frames (%.3f s), stride %d frames (%.3f s), %d keyframes %d "
                + "frames apart, at %.3f fps", windowFrames(), windowSeconds(), strideFrames, strideSeconds(),
                keyframes, keyframeSpacing, fps);
    }
}
