package org.actionrec.live;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.actionrec.video.VideoReadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader thread: takes frames from a source and puts them on the bounded {@link FrameQueue}, paced at
 * the source's frame rate for a file played in real time. A stream or device that is lost is opened again
 * after the {@link ReconnectPolicy}'s delays; giving up, a stop, or the end of a file ends the queue.
 */
final class FrameReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameReader.class);

    /** Opens the source again after a loss. */
    @FunctionalInterface
    interface Opener {
        FrameSource open() throws VideoReadException;
    }

    private final Opener opener;
    private final FrameQueue queue;
    private final boolean realtime;
    private final ReconnectPolicy reconnect;
    private final LongPredicate converts;
    private final org.actionrec.timeline.FrameBuffers buffers;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Thread thread;
    private FrameSource source;

    /**
     * @param first    the source, already open (so its errors reach the caller before a thread starts)
     * @param converts which frames of a run to convert to RGB, by index in the run; only consulted where the queue
     *                 never drops (a drop renumbers the frames recognition sees)
     * @param buffers  where decoded pixels go: the engine's buffers of frames it no longer reads
     */
    FrameReader(FrameSource first, Opener opener, FrameQueue queue, boolean realtime, ReconnectPolicy reconnect,
                LongPredicate converts, org.actionrec.timeline.FrameBuffers buffers) {
        this.buffers = buffers;
        this.source = first;
        this.opener = opener;
        this.queue = queue;
        this.realtime = realtime;
        this.reconnect = reconnect;
        this.converts = converts;
        this.thread = new Thread(this::run, "actionrec-reader");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the reader to stop; the queue then ends with "stopped". */
    void stop() {
        stop.set(true);
        thread.interrupt();
    }

    boolean stopped() {
        return stop.get();
    }

    int reconnects() {
        return reconnects.get();
    }

    private void run() {
        String why;
        VideoReadException error = null;
        try {
            outer:
            while (true) {
                long run = 0;
                long startNanos = System.nanoTime();
                double firstTime = Double.NaN;
                VideoReadException lost = null;
                try {
                    while (!stop.get()) {
                        FrameSource.SourceFrame f = source.next(converts.test(run), buffers);
                        if (f == null) break;
                        if (Double.isNaN(firstTime)) firstTime = f.timeS();
                        if (realtime) {
                            long due = startNanos + (long) ((f.timeS() - firstTime) * 1e9);
                            long wait = due - System.nanoTime();
                            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        queue.put(new FrameQueue.Item.Frame(f.rgb(), f.timeS(), System.nanoTime()));
                        run++;
                    }
                } catch (VideoReadException e) {
                    lost = e;
                }
                if (stop.get()) {
                    why = "stopped";
                    break;
                }
                if (!source.source().reconnects()) {
                    why = lost == null ? "end of file" : "the file could not be read further";
                    error = lost;
                    break;
                }
                LOG.info("{}: stream lost ({}), reconnecting", source.source(), lost == null ? "end of stream"
                        : lost.getMessage());
                source.close();
                for (int attempt = 1; ; attempt++) {
                    if (attempt > reconnect.attempts()) {
                        why = "gave up after " + reconnect.attempts() + " reconnect attempts"
                                + (lost == null ? "" : " (" + lost.getMessage() + ")");
                        error = lost;
                        source = null;
                        break outer;
                    }
                    Thread.sleep(reconnect.delay(attempt).toMillis());
                    if (stop.get()) {
                        why = "stopped";
                        source = null;
                        break outer;
                    }
                    reconnects.incrementAndGet();
                    try {
                        source = opener.open();
                        queue.put(new FrameQueue.Item.Gap(reconnects.get()));
                        LOG.info("{}: reconnected (attempt {})", source.source(), attempt);
                        break;
                    } catch (VideoReadException e) {
                        lost = e;
                        LOG.info("reconnect attempt {} failed: {}", attempt, e.getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            why = "stopped";
        } catch (RuntimeException e) {
            why = "reader failed: " + e;
            LOG.warn("reader failed", e);
        } finally {
            if (source != null) source.close();
        }
        try {
            queue.put(new FrameQueue.Item.End(why, error));
        } catch (InterruptedException e) {
            // interrupted by stop(): try once more without waiting, markers are never dropped and the queue
            // only waits for room for frames
            Thread.interrupted();
            try {
                queue.put(new FrameQueue.Item.End(why, error));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
