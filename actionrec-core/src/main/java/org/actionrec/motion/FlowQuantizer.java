package org.actionrec.motion;

import java.nio.FloatBuffer;
import org.actionrec.video.GreyFrame;

/**
 * Turns a 2-channel float flow field into two 8-bit images exactly as the Python reference does:
 * {@code np.clip((flow + bound) * (255 / (2 * bound)), 0, 255).astype(np.uint8)}, in float32 arithmetic and with
 * truncation (not rounding) to uint8.
 *
 * <p>Why a bound of 20 px by default: at 320x240 almost all motion between consecutive JHMDB/UCF frames is under
 * about 20 px, so clipping there keeps nearly every motion inside the 8-bit range while still giving about 6
 * grey levels per pixel of displacement; no motion lands on mid-grey (127.5, stored as 127).
 *
 * <p>This is a Java loop rather than OpenCV's {@code convertTo}: convertTo rounds (and computes
 * {@code a*x+b} in another order), which would not reproduce the reference's truncation bit for bit. The
 * loop also splits the interleaved channels in the same pass, so it costs well under a millisecond per frame.
 */
final class FlowQuantizer {
    private final float bound;
    private final float scale;
    private float[] scratch = new float[0];

    FlowQuantizer(float boundPx) {
        if (!(boundPx > 0) || Float.isInfinite(boundPx)) {
            throw new IllegalArgumentException("flow bound must be a positive number of pixels, got " + boundPx);
        }
        this.bound = boundPx;
        // Python evaluates 255 / (2 * BOUND) in double, then numpy multiplies the float32 array by it as float32.
        this.scale = (float) (255.0 / (2.0 * boundPx));
    }

    /** Quantises {@code width*height} interleaved (dx, dy) float pairs read from {@code flow} at index 0. */
    FlowImages quantize(FloatBuffer flow, int width, int height) {
        int n = width * height;
        if (scratch.length < 2 * n) {
            scratch = new float[2 * n];
        }
        flow.get(0, scratch, 0, 2 * n);
        byte[] xs = new byte[n];
        byte[] ys = new byte[n];
        for (int i = 0, j = 0; i < n; i++, j += 2) {
            xs[i] = toByte((scratch[j] + bound) * scale);
            ys[i] = toByte((scratch[j + 1] + bound) * scale);
        }
        return new FlowImages(new GreyFrame(width, height, xs), new GreyFrame(width, height, ys));
    }

    private static byte toByte(float v) {
        // np.clip then astype(uint8): clamp to [0, 255] and truncate toward zero; NaN (never produced by the
        // flow methods) maps to 0.
        if (!(v > 0f)) {
            return 0;
        }
        return (byte) (int) Math.min(v, 255f);
    }
}
