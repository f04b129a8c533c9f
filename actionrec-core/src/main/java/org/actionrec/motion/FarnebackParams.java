package org.actionrec.motion;

/**
 * Settings of Farnebäck dense flow (OpenCV {@code calcOpticalFlowFarneback}) and of its 8-bit encoding.
 * {@link #DEFAULTS} are the reference's: pyramid scale 0.5, 3 levels, window 15, 3 iterations, polynomial
 * neighbourhood 5 with sigma 1.2, no flags, flow clipped to ±20 px.
 */
public record FarnebackParams(double pyrScale, int levels, int winSize, int iterations, int polyN,
                              double polySigma, int flags, float boundPx) {

    public static final FarnebackParams DEFAULTS = new FarnebackParams(0.5, 3, 15, 3, 5, 1.2, 0, 20f);

    public FarnebackParams {
        if (!(pyrScale > 0 && pyrScale < 1)) {
            throw new IllegalArgumentException("pyrScale must be in (0, 1), got " + pyrScale);
        }
        if (levels < 1 || winSize < 1 || iterations < 1) {
            throw new IllegalArgumentException("levels, winSize and iterations must be >= 1");
        }
        if (polyN != 5 && polyN != 7) {
            throw new IllegalArgumentException("polyN must be 5 or 7 (OpenCV), got " + polyN);
        }
        if (!(boundPx > 0)) {
            throw new IllegalArgumentException("boundPx must be positive, got " + boundPx);
        }
    }

    public FarnebackParams withBound(float bound) {
        return new FarnebackParams(pyrScale, levels, winSize, iterations, polyN, polySigma, flags, bound);
    }
}
