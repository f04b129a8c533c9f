package org.actionrec;

/**
 * Told as long work advances, so a caller (the CLI's progress bar, a server's status) can show it; the
 * library itself never prints. Called from worker threads: implementations must be thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, item) -> { };

    /**
     * @param done units finished so far
     * @param total units in all
     * @param item what was just finished (a clip name), for display
     */
    void progress(long done, long total, String item);
}
