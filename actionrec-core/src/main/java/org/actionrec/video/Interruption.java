package org.actionrec.video;

import java.util.concurrent.CancellationException;

/**
 * Where long work stops when its thread is interrupted (a service's time limit, a cancelled request): between
 * frames, keyframes and batches, so an interrupted recognition frees its thread within a frame's time instead of
 * running to its end.
 */
public final class Interruption {
    private Interruption() {
    }

    /**
     * Cheap enough for every frame: it reads the thread's flag and builds nothing unless it is set.
     *
     * @throws CancellationException when the current thread is interrupted (its flag stays set for the caller)
     */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("interrupted");
    }
}
