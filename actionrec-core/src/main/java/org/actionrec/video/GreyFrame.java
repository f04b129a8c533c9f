package org.actionrec.video;

import java.util.Objects;

/** A single-channel 8-bit image (a grey frame or a motion image), rows packed with no padding. */
public record GreyFrame(int width, int height, byte[] pixels) {
    public GreyFrame {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + (width * height) + " bytes for " + width + "x" + height + " grey, got " + pixels.length);
        }
    }

    public int at(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }

    /** The same image as RGB with the grey value in all three channels (how backbones take motion images). */
    public RgbFrame toRgb() {
        byte[] rgb = new byte[pixels.length * 3];
        for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
            rgb[j] = pixels[i];
            rgb[j + 1] = pixels[i];
            rgb[j + 2] = pixels[i];
        }
        return new RgbFrame(width, height, rgb);
    }
}
