package org.actionrec.transform;

/** A square crop of side {@code size} at (x, y) in the resized image, optionally mirrored left-right. */
public record CropWindow(int x, int y, int size, boolean mirrored) {
    public CropWindow {
        if (x < 0 || y < 0 || size <= 0) {
            throw new IllegalArgumentException("bad crop window at " + x + "," + y + " size " + size);
        }
    }

    public CropWindow mirror() {
        return new CropWindow(x, y, size, !mirrored);
    }
}
