package org.actionrec.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous jobs for work too long for one request (the timeline of a long video): a bounded queue of them,
 * each with a state, progress and, once done, its result or error. Finished jobs are kept for a while so a
 * client can fetch the result, then forgotten.
 */
public final class TimelineJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineJobs.class);
    /** Finished jobs kept at most, the oldest forgotten first. */
    static final int KEEP_FINISHED = 100;
    static final Duration KEEP_FOR = Duration.ofHours(1);

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** What a job does; it reports progress in [0, 1] and stops when its thread is interrupted. */
    public interface Work {
        Object run(java.util.function.DoubleConsumer progress) throws Exception;
    }

    /** One job as clients see it. */
    public static final class Job {
        final String id = UUID.randomUUID().toString();
        final String model;
        final String video;
        final Instant created = Instant.now();
        volatile Instant started;
        volatile Instant finished;
        volatile State state = State.QUEUED;
        volatile double progress;
        volatile Object result;
        volatile ApiException.ErrorBody error;
        volatile Future<?> future;
        private final Runnable cleanup;
        private final AtomicBoolean ended = new AtomicBoolean();

        Job(String model, String video, Runnable cleanup) {
            this.model = model;
            this.video = video;
            this.cleanup = cleanup;
        }

        /**
         * Ends the job in {@code last} (once, whichever path comes first): its cleanup runs first, so that a client
         * that sees {@code finished} finds its upload gone.
         */
        private boolean end(State last, Consumer<State> onEnd) {
            if (!ended.compareAndSet(false, true)) return false;
            try {
                cleanup.run();
            } finally {
                finished = Instant.now();
                state = last;
                onEnd.accept(last);
            }
            return true;
        }

        public String id() {
            return id;
        }

        public State state() {
            return state;
        }

        /** The JSON of {@code GET /v1/jobs/{id}}. */
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            d.put("url", ActionRecServer.API + "/jobs/" + id);
            d.put("model", model);
            d.put("video", video);
            d.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
            d.put("progress", progress);
            d.put("created", created.toString());
            if (started != null) d.put("started", started.toString());
            if (finished != null) d.put("finished", finished.toString());
            if (error != null) d.put("error", error);
            if (result != null) d.put("result", result);
            return d;
        }
    }

    private final ThreadPoolExecutor executor;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final int capacity;
    private final Consumer<State> onEnd;

    /** @param onEnd told how each job ended (done, failed, cancelled), e.g. for the metrics */
    public TimelineJobs(int concurrent, int capacity, Consumer<State> onEnd) {
        this.capacity = capacity;
        this.onEnd = onEnd;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(concurrent, concurrent, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "actionrec-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Queues {@code work}; {@code cleanup} runs once the job ends, however it ends (e.g. deletes its upload).
     *
     * @throws ApiException 503 when the job queue is full
     */
    public Job submit(String model, String video, Work work, Runnable cleanup) {
        Job job = new Job(model, video, cleanup);
        synchronized (jobs) {
            forgetOld();
            jobs.put(job.id, job);
        }
        try {
            job.future = executor.submit(() -> execute(job, work));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            job.ended.set(true);
            cleanup.run();
            throw ApiException.busy("the job queue is full (" + capacity + " waiting); try again later");
        }
        return job;
    }

    private void execute(Job job, Work work) {
        if (job.ended.get()) return;
        try {
            job.state = State.RUNNING;
            job.started = Instant.now();
            Object result = work.run(p -> job.progress = Math.max(0, Math.min(1, p)));
            if (Thread.currentThread().isInterrupted() || job.state == State.CANCELLED) {
                job.end(State.CANCELLED, onEnd);
            } else {
                job.result = result;
                job.progress = 1;
                job.end(State.DONE, onEnd);
            }
        } catch (InterruptedException | CancellationException e) {
            job.end(State.CANCELLED, onEnd);
        } catch (Exception | Error e) {
            // an Error too (out of memory, a native library's): the job must end as failed, never stay running
            if (job.state == State.CANCELLED) {
                job.end(State.CANCELLED, onEnd);
                return;
            }
            ApiException api = e instanceof ApiException a ? a
                    : e instanceof org.actionrec.video.VideoReadException v ? ActionRecServer.videoError(v)
                    : new ApiException(500, "InternalServerError", "the job failed (" + e.getClass().getSimpleName()
                    + "); the service's log has the details");
            if (api.status() >= 500) LOG.error("job {} failed", job.id, e);
            job.error = api.body();
            job.end(State.FAILED, onEnd);
        }
    }

    /** The job, or 404. */
    public Job get(String id) {
        synchronized (jobs) {
            Job j = jobs.get(id);
            if (j == null) throw ApiException.notFound("no job " + id + " (finished jobs are kept for "
                    + KEEP_FOR.toMinutes() + " minutes)");
            return j;
        }
    }

    /**
     * Cancels a queued job (it leaves the queue and its upload is deleted now) or a running one (it stops at its
     * next check and ends as cancelled); a finished one is forgotten.
     */
    public Job cancel(String id) {
        Job j = get(id);
        if (j.state == State.QUEUED || j.state == State.RUNNING) {
            boolean queued = j.state == State.QUEUED;
            j.state = State.CANCELLED;
            Future<?> f = j.future;
            if (f != null) {
                f.cancel(true);
                if (f instanceof Runnable r && executor.remove(r)) queued = true;
            }
            if (queued) j.end(State.CANCELLED, onEnd); // it will never run: nothing else would delete its upload
        } else {
            synchronized (jobs) {
                jobs.remove(id);
            }
        }
        return j;
    }

    /** Jobs queued or running. */
    public int active() {
        synchronized (jobs) {
            return (int) jobs.values().stream().filter(j -> j.state == State.QUEUED || j.state == State.RUNNING)
                    .count();
        }
    }

    /** Forgets finished jobs older than {@link #KEEP_FOR}, and the oldest beyond {@link #KEEP_FINISHED}. */
    private void forgetOld() {
        Instant limit = Instant.now().minus(KEEP_FOR);
        jobs.values().removeIf(j -> j.finished != null && j.finished.isBefore(limit));
        long extra = jobs.values().stream().filter(j -> j.finished != null).count() - KEEP_FINISHED;
        for (var it = jobs.values().iterator(); it.hasNext() && extra > 0; ) {
            if (it.next().finished != null) {
                it.remove(); // insertion order: the oldest first
                extra--;
            }
        }
    }

    /** Lets running and queued jobs finish within {@code grace}, then interrupts them and ends those left. */
    public void drain(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) close();
    }

    /** Interrupts the running jobs; the queued ones end as cancelled, their uploads deleted. */
    @Override
    public void close() {
        executor.shutdownNow();
        List<Job> left;
        synchronized (jobs) {
            left = jobs.values().stream().filter(j -> j.state == State.QUEUED).toList();
        }
        left.forEach(j -> j.end(State.CANCELLED, onEnd));
    }
}
