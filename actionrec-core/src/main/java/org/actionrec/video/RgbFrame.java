package org.actionrec.video;

import java.util.Objects;

/**
 * One decoded video frame: 8-bit RGB, interleaved (R,G,B per pixel), rows packed with no padding.
 * This is the unit every later stage (sampling, motion, transform) works on.
 */
public record RgbFrame(int width, int height, byte[] pixels) {
    public RgbFrame {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "expected " + (width * height * 3) + " bytes for " + width + "x" + height + " RGB, got " + pixels.length);
        }
    }

    /** The 8-bit value of channel {@code c} (0=R, 1=G, 2=B) at column x, row y. */
    public int at(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
