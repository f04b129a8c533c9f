package org.actionrec.video;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.actionrec.ProgressListener;

/** Checks a batch of videos for readability, in parallel, recording the failures instead of stopping. */
public final class VideoScan {
    /** The readable files with their metadata, and the failures. */
    public record Result(List<VideoMetadata> readable, List<VideoFailure> failures) {
    }

    private final VideoReader reader;
    private final int threads;

    public VideoScan(VideoReader reader, int threads) {
        this.reader = reader;
        this.threads = Math.max(1, threads);
    }

    /**
     * @param videos display name → file, in the order to report
     * @param decode true to decode every frame (finds truncated and undecodable files, verifies frame counts);
     *     false only opens each file
     */
    public Result scan(Map<String, Path> videos, boolean decode, ProgressListener progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "video-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicLong done = new AtomicLong();
            List<Future<Object>> futures = new ArrayList<>();
            for (Map.Entry<String, Path> v : videos.entrySet()) {
                futures.add(pool.submit(() -> {
                    Object outcome;
                    try {
                        outcome = decode ? reader.count(v.getValue()) : reader.probe(v.getValue());
                    } catch (VideoReadException e) {
                        outcome = VideoFailure.of(v.getKey(), e);
                    }
                    progress.progress(done.incrementAndGet(), videos.size(), v.getKey());
                    return outcome;
                }));
            }
            List<VideoMetadata> ok = new ArrayList<>();
            List<VideoFailure> failed = new ArrayList<>();
            for (Future<Object> f : futures) {
                Object o;
                try {
                    o = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("scan failed unexpectedly", e.getCause());
                }
                if (o instanceof VideoMetadata m) {
                    ok.add(m);
                } else {
                    failed.add((VideoFailure) o);
                }
            }
            return new Result(ok, failed);
        } finally {
            pool.shutdownNow();
        }
    }
}
