package org.actionrec.timeline;

import org.actionrec.motion.Greyscale;
import org.actionrec.video.GreyFrame;
import org.actionrec.video.RgbFrame;

/**
 * The last {@code capacity} frames of a run (one window's worth): what the images of the window that ends
 * now are made from. Grey versions are made on first use and kept with the frame. Memory stays at one
 * window however long the video is.
 */
final class FrameRing {
    private final RgbFrame[] rgb;
    private final GreyFrame[] grey;
    private final double[] times;
    private final long[] arrivals;
    private final long[] indices;

    FrameRing(int capacity) {
        rgb = new RgbFrame[capacity];
        grey = new GreyFrame[capacity];
        times = new double[capacity];
        arrivals = new long[capacity];
        indices = new long[capacity];
        clear();
    }

    void clear() {
        java.util.Arrays.fill(rgb, null);
        java.util.Arrays.fill(grey, null);
        java.util.Arrays.fill(indices, -1);
    }

    /** @param frame null where the reader skipped converting a frame no window reads */
    void put(long index, RgbFrame frame, double timeS, long arrivalNanos) {
        int slot = slot(index);
        rgb[slot] = frame;
        grey[slot] = null;
        times[slot] = timeS;
        arrivals[slot] = arrivalNanos;
        indices[slot] = index;
    }

    RgbFrame rgb(long index) {
        int slot = check(index);
        if (rgb[slot] == null) {
            throw new IllegalStateException("frame " + index + " was skipped by the reader but a window reads it");
        }
        return rgb[slot];
    }

    GreyFrame grey(long index) {
        int slot = check(index);
        if (grey[slot] == null) grey[slot] = Greyscale.of(rgb(index));
        return grey[slot];
    }

    double time(long index) {
        return times[check(index)];
    }

    long arrival(long index) {
        return arrivals[check(index)];
    }

    private int check(long index) {
        int slot = slot(index);
        if (indices[slot] != index) {
            throw new IllegalStateException("frame " + index + " is no longer (or not yet) in the ring");
        }
        return slot;
    }

    private int slot(long index) {
        return (int) Math.floorMod(index, (long) rgb.length);
    }
}
