package org.actionrec.backbone.quantize;

/**
 * The float range an activation is quantized over, and the uint8 step and zero point it gives: the range always
 * holds 0, so that zero (padding, ReLU's floor) is exact.
 */
public record ActivationRange(float min, float max) {
    public ActivationRange {
        if (!(min <= max) || Float.isNaN(min) || Float.isInfinite(min) || Float.isInfinite(max)) {
            throw new IllegalArgumentException("not a range: [" + min + ", " + max + "]");
        }
    }

    /** The step of one uint8 level (1 where the range is empty, so the step is never 0). */
    public float scale() {
        float lo = Math.min(0f, min);
        float hi = Math.max(0f, max);
        float scale = (hi - lo) / 255f;
        return scale > 0 && Float.isFinite(scale) ? scale : 1f;
    }

    /** The uint8 level that stands for 0. */
    public int zeroPoint() {
        float lo = Math.min(0f, min);
        long zp = Math.round(-lo / scale());
        return (int) Math.max(0, Math.min(255, zp));
    }
}
