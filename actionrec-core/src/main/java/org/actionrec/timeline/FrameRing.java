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

    private final FrameBuffers buffers;
    private final Greyscale.Converter greyscale = new Greyscale.Converter();
    /** Each slot's grey pixels, kept for the slot's next frame: nothing reads a grey frame after its window. */
    private final byte[][] greyPixels;

    FrameRing(int capacity, FrameBuffers buffers) {
        this.greyPixels = new byte[capacity][];
        this.buffers = buffers;
        rgb = new RgbFrame[capacity];
        grey = new GreyFrame[capacity];
        times = new double[capacity];
        arrivals = new long[capacity];
        indices = new long[capacity];
        clear();
    }

    void clear() {
        for (int i = 0; i < rgb.length; i++) {
            if (rgb[i] != null) buffers.give(rgb[i].pixels());
        }
        java.util.Arrays.fill(rgb, null);
        java.util.Arrays.fill(grey, null);
        java.util.Arrays.fill(indices, -1);
    }

    /** @param frame null where the reader skipped converting a frame no window reads */
    void put(long index, RgbFrame frame, double timeS, long arrivalNanos) {
        int slot = slot(index);
        // the frame that leaves is a window older than any window still to be made: nothing reads it again
        if (rgb[slot] != null) buffers.give(rgb[slot].pixels());
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
        if (grey[slot] == null) {
            grey[slot] = greyscale.convert(rgb(index), greyPixels[slot]);
            greyPixels[slot] = grey[slot].pixels();
        }
        return grey[slot];
    }

    double time(long index) {
        return times[check(index)];
    }

    long arrival(long index) {
        return arrivals[check(index)];
    }

    void close() {
        greyscale.close();
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
