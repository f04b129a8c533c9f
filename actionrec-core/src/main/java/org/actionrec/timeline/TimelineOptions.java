package org.actionrec.timeline;

/**
 * How a timeline is cut and read.
 *
 * @param windowS       window length in seconds; null: the lower quartile of the model's training clip durations
 * @param strideS       seconds between window starts; null: half the window
 * @param smoothing     windows averaged for a window's smoothed probabilities, which the segments are made of
 *                      (odd, centred, triangular weights; 1 = none)
 * @param minSegmentS   shorter segments are merged into a neighbour; null: one stride
 * @param noActionBelow a frame whose best probability is below this is "no action" (0 = never)
 * @param top           classes listed per window
 */
public record TimelineOptions(Double windowS, Double strideS, int smoothing, Double minSegmentS, double noActionBelow,
                              int top) {
    /**
     * No smoothing of windows by default: the segments already take each moment from the windows covering it
     * (see {@link TimelineBuilder}), and averaging neighbouring windows on top lost 0.5-0.8 points of frame
     * accuracy on JHMDB (docs/RESULTS.md).
     */
    public static final TimelineOptions DEFAULTS = new TimelineOptions(null, null, 1, null, 0, 3);

    public TimelineOptions {
        if (smoothing < 1 || smoothing % 2 == 0) {
            throw new IllegalArgumentException("smoothing must be an odd number of windows ≥ 1, got " + smoothing);
        }
        if (noActionBelow < 0 || noActionBelow >= 1) {
            throw new IllegalArgumentException("the no-action threshold must be in [0, 1), got " + noActionBelow);
        }
        if (top < 1) throw new IllegalArgumentException("top must be ≥ 1, got " + top);
        if (minSegmentS != null && minSegmentS < 0) throw new IllegalArgumentException("minimum segment must be ≥ 0");
    }

    public TimelineOptions withWindow(Double window, Double stride) {
        return new TimelineOptions(window, stride, smoothing, minSegmentS, noActionBelow, top);
    }

    public TimelineOptions withSmoothing(int windows) {
        return new TimelineOptions(windowS, strideS, windows, minSegmentS, noActionBelow, top);
    }

    public TimelineOptions withSegments(Double minSegment, double noAction) {
        return new TimelineOptions(windowS, strideS, smoothing, minSegment, noAction, top);
    }

    public TimelineOptions withTop(int k) {
        return new TimelineOptions(windowS, strideS, smoothing, minSegmentS, noActionBelow, k);
    }

    /** The plan for a source at {@code fps} read by a model of {@code keyframes} keyframes. */
    public WindowPlan plan(double fps, int keyframes, java.util.Optional<org.actionrec.recognizer.TrainingClips> t) {
        return WindowPlan.of(fps, windowS, strideS, keyframes, t);
    }
}
