package org.actionrec.motion;

import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Settings of DIS optical flow (OpenCV {@code DISOpticalFlow}, Kroeger et al. 2016) and of its 8-bit encoding.
 * The FAST preset is the default: roughly 10x Farnebäck's speed at similar quality for action recognition.
 */
public record DisFlowParams(Preset preset, float boundPx) {

    public static final DisFlowParams DEFAULTS = new DisFlowParams(Preset.FAST, 20f);

    public enum Preset {
        ULTRAFAST(DISOpticalFlow.PRESET_ULTRAFAST),
        FAST(DISOpticalFlow.PRESET_FAST),
        MEDIUM(DISOpticalFlow.PRESET_MEDIUM);

        final int openCvCode;

        Preset(int openCvCode) {
            this.openCvCode = openCvCode;
        }
    }

    public DisFlowParams {
        if (preset == null) {
            throw new IllegalArgumentException("preset is required");
        }
        if (!(boundPx > 0)) {
            throw new IllegalArgumentException("boundPx must be positive, got " + boundPx);
        }
    }
}
