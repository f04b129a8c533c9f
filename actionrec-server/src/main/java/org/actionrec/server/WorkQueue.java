package org.actionrec.server;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue in front of the workers: a fixed number of recognitions run at once, a fixed number wait,
 * and the rest are refused at once (503 with Retry-After), so a burst never grows memory. Each call has a time
 * limit counted from when it arrived; past it the call is answered 503, leaves the queue, and its work is
 * interrupted where it runs (the pipeline stops between frames, see {@link org.actionrec.video.Interruption}).
 */
public final class WorkQueue implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final int capacity;
    private final Duration limit;

    /** @param limit the configured time limit, quoted in the 503 of a request that passed it */
    public WorkQueue(int workers, int capacity, Duration limit) {
        this.capacity = capacity;
        this.limit = limit;
        AtomicInteger n = new AtomicInteger();
        if (capacity < 1) throw new IllegalArgumentException("the queue must hold at least 1, was " + capacity);
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "actionrec-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** A task that may throw anything; its checked exceptions reach the caller unwrapped. */
    public interface Work<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code work} on a worker and waits for it until {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws ApiException 503 when the queue is full or the deadline passed (the work is then cancelled)
     * @throws Exception    what the work threw
     */
    public <T> T run(Work<T> work, long deadlineNanos) throws Exception {
        if (deadlineNanos - System.nanoTime() <= 0) throw timedOut();
        Future<T> f;
        try {
            Callable<T> c = work::call;
            f = executor.submit(c);
        } catch (RejectedExecutionException e) {
            throw ApiException.busy("the queue is full (" + capacity + " waiting, " + executor.getMaximumPoolSize()
                    + " running); try again shortly");
        }
        try {
            return f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel(f);
            throw timedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            cancel(f);
            Thread.currentThread().interrupt();
            throw ApiException.busy("the service is stopping");
        }
    }

    /** Interrupts the work where it runs, or takes it out of the queue so that it frees its slot at once. */
    private void cancel(Future<?> f) {
        f.cancel(true);
        if (f instanceof Runnable queued) executor.remove(queued);
    }

    private ApiException timedOut() {
        return new ApiException(503, "Timeout", "the request took longer than this service's limit of "
                + limit.toSeconds() + " s; try a shorter video or a timeline job", 5);
    }

    public int waiting() {
        return executor.getQueue().size();
    }

    public int running() {
        return executor.getActiveCount();
    }

    /** Lets running and queued work finish (up to {@code grace}), then stops the workers. */
    public void drain(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
