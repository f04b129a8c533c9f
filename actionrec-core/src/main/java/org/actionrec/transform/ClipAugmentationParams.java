package org.actionrec.transform;

/**
 * Ranges for training augmentation drawn once per clip (paper 004): a horizontal flip with
 * {@code flipProbability}; a square crop of side {@code round(scale * crop)} with scale uniform in
 * [{@code minCropScale}, {@code maxCropScale}] (clamped to the resized image, then resized to crop x crop) at a
 * uniform position; colour jitter factors uniform in [1 - x, 1 + x] for brightness, contrast and saturation.
 * {@link #DEFAULTS}: flip half the time, a plain crop at a random place, modest (±20%) colour jitter.
 */
public record ClipAugmentationParams(double flipProbability, double minCropScale, double maxCropScale,
                                     double brightness, double contrast, double saturation) {

    public static final ClipAugmentationParams DEFAULTS = new ClipAugmentationParams(0.5, 1.0, 1.0, 0.2, 0.2, 0.2);

    /** No augmentation at all (centre crop, no flip, no jitter): what evaluation uses. */
    public static final ClipAugmentationParams NONE = new ClipAugmentationParams(0, 1.0, 1.0, 0, 0, 0);

    public ClipAugmentationParams {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flipProbability must be in [0, 1], got " + flipProbability);
        }
        if (!(minCropScale > 0 && minCropScale <= maxCropScale)) {
            throw new IllegalArgumentException("need 0 < minCropScale <= maxCropScale, got "
                    + minCropScale + ", " + maxCropScale);
        }
        for (double j : new double[] {brightness, contrast, saturation}) {
            if (!(j >= 0 && j < 1)) {
                throw new IllegalArgumentException("colour jitter amounts must be in [0, 1), got " + j);
            }
        }
    }
}
