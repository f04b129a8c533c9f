package org.actionrec.features;

/**
 * Seconds one video spent in each stage of the pipeline: what a service reports per stage.
 *
 * @param decodeSeconds   reading and converting the frames the keyframes need
 * @param motionSeconds   optical flow and motion history images
 * @param backboneSeconds the backbone's forward passes (and preprocessing into its tensor)
 * @param headSeconds     the heads, fusion and calibration
 */
public record StageTimes(double decodeSeconds, double motionSeconds, double backboneSeconds, double headSeconds) {
    public static final StageTimes NONE = new StageTimes(0, 0, 0, 0);

    public StageTimes plus(StageTimes o) {
        return new StageTimes(decodeSeconds + o.decodeSeconds, motionSeconds + o.motionSeconds,
                backboneSeconds + o.backboneSeconds, headSeconds + o.headSeconds);
    }

    public StageTimes withHead(double seconds) {
        return new StageTimes(decodeSeconds, motionSeconds, backboneSeconds, seconds);
    }
}
