package org.actionrec.timeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Pixel buffers of frames that left the {@link FrameRing}, for the reader to decode the next frames into: a
 * long video then allocates a window's worth of frames, not one array per frame, and the heap has no reason to
 * grow with the video. Safe between the reader's thread and the engine's.
 */
public final class FrameBuffers {
    private final BlockingQueue<byte[]> free;

    public FrameBuffers(int capacity) {
        this.free = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** A buffer of {@code length} bytes: a returned one where there is one of that size, else a new one. */
    public byte[] take(int length) {
        byte[] b = free.poll();
        return b != null && b.length == length ? b : new byte[length];
    }

    /** Hands back a buffer nothing reads any more; dropped when the pool is full. */
    public void give(byte[] buffer) {
        free.offer(buffer);
    }
}
