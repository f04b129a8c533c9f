package org.actionrec.transform;

import java.util.Random;

/**
 * One clip's augmentation, drawn once and applied identically to every frame of the clip so that the frames stay
 * consistent in time (paper 004): {@code cropX}, {@code cropY} place the crop within the free range (0 = left/top,
 * 1 = right/bottom), {@code cropScale} sets its side relative to the output crop, and the three factors scale
 * brightness, contrast and saturation (1 = unchanged).
 */
public record ClipAugmentation(boolean flip, double cropScale, double cropX, double cropY,
                               double brightness, double contrast, double saturation) {

    /** No change: the centre crop, unflipped, original colours. */
    public static final ClipAugmentation IDENTITY = new ClipAugmentation(false, 1.0, 0.5, 0.5, 1.0, 1.0, 1.0);

    public ClipAugmentation {
        if (!(cropScale > 0) || !(cropX >= 0 && cropX <= 1) || !(cropY >= 0 && cropY <= 1)) {
            throw new IllegalArgumentException("bad crop: scale " + cropScale + " at " + cropX + ", " + cropY);
        }
        if (!(brightness >= 0 && contrast >= 0 && saturation >= 0)) {
            throw new IllegalArgumentException("colour factors must be non-negative");
        }
    }

    /**
     * Draws a clip's augmentation from {@code rng} in a fixed order (flip, scale, x, y, brightness, contrast,
     * saturation), so a seeded Random always gives the same result.
     */
    public static ClipAugmentation draw(ClipAugmentationParams p, Random rng) {
        boolean flip = rng.nextDouble() < p.flipProbability();
        double scale = p.minCropScale() + rng.nextDouble() * (p.maxCropScale() - p.minCropScale());
        double x = rng.nextDouble();
        double y = rng.nextDouble();
        double b = factor(p.brightness(), rng);
        double c = factor(p.contrast(), rng);
        double s = factor(p.saturation(), rng);
        return new ClipAugmentation(flip, scale, x, y, b, c, s);
    }

    private static double factor(double amount, Random rng) {
        return 1 + amount * (2 * rng.nextDouble() - 1);
    }

    boolean changesColour() {
        return brightness != 1 || contrast != 1 || saturation != 1;
    }

    /** Where the crop falls in an image of the given (already resized) size. */
    CropWindow window(ImageSize resized, int crop) {
        int side = (int) Math.round(cropScale * crop);
        side = Math.max(1, Math.min(side, Math.min(resized.width(), resized.height())));
        // floor, so that 0.5 gives the same offset as the centre crop's integer division
        int x = (int) Math.floor(cropX * (resized.width() - side));
        int y = (int) Math.floor(cropY * (resized.height() - side));
        return new CropWindow(x, y, side, flip);
    }
}
