package org.actionrec.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.actionrec.ActionRecognizer;
import org.actionrec.ProgressListener;
import org.actionrec.eval.Percentiles;
import org.actionrec.server.ActionRecServer;
import org.actionrec.server.ModelCatalog;
import org.actionrec.server.ServerConfig;

/**
 * The service under load on 127.0.0.1: the library's own rate on the same clips (the batch rate), then, per
 * number of clients, throughput, latency and errors of {@code POST /v1/models/{name}/predict}, then a soak
 * that reads the process's RSS after 100 and after {@code soak} requests. Bounded in requests and in time.
 */
public final class ServeBenchmark {
    /** One level of concurrency: {@code clients} callers, each sending one request after another. */
    public record Level(int clients, int requests, double seconds, double perSecond, double p50Seconds,
                        double p95Seconds, int errors, int serverErrors) {
    }

    /**
     * @param batchPerSecond the library predicting the clips back to back with {@code workers} callers, no HTTP
     * @param rssAfter100    RSS after the soak's first 100 requests
     * @param rssAfterSoak   RSS after all {@code soakRequests}
     */
    public record Result(int workers, double batchPerSecond, List<Level> levels, int soakRequests, long rssAfter100,
                         long rssAfterSoak, boolean stoppedByTime) {
    }

    private ServeBenchmark() {
    }

    public static Result run(ModelCatalog.Entry model, ServerConfig config, List<Path> clips, List<Integer> clients,
                             int requestsPerLevel, int soakRequests, Duration maxTime, ProgressListener progress)
            throws Exception {
        long deadline = System.nanoTime() + maxTime.toNanos();
        double batch = batchRate(model.recognizer(), clips, config.workers());
        List<Level> levels = new ArrayList<>();
        // the service never closes its catalog: the caller owns the recogniser
        try (ActionRecServer server = ActionRecServer.start(config, new ModelCatalog(List.of(model)))) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + model.name() + "/predict");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            load(http, uri, clips, 2, 4, Long.MAX_VALUE); // warm-up: JIT, engine, first connections
            int total = clients.size() + 1;
            int done = 0;
            for (int c : clients) {
                levels.add(load(http, uri, clips, c, requestsPerLevel, deadline));
                progress.progress(++done, total, c + " clients");
            }
            long rss100 = -1;
            int sent = 0;
            boolean timedOut = false;
            while (sent < soakRequests) {
                int batchSize = Math.min(100 - sent % 100, soakRequests - sent);
                Level l = load(http, uri, clips, 4, batchSize, deadline);
                sent += l.requests();
                if (l.requests() < batchSize) {
                    timedOut = true;
                    break;
                }
                if (sent == 100) rss100 = PeakMemory.currentRssBytes();
            }
            progress.progress(total, total, "soak");
            return new Result(config.workers(), batch, levels, sent, rss100, PeakMemory.currentRssBytes(), timedOut);
        }
    }

    /** Clips per second of the library alone, {@code callers} threads predicting the clips once each (after a warm-up). */
    private static double batchRate(ActionRecognizer r, List<Path> clips, int callers) throws Exception {
        for (int i = 0; i < Math.min(2, clips.size()); i++) r.predict(clips.get(i), 5);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < clips.size()) r.predict(clips.get(i), 5);
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        return clips.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@code requests} uploads by {@code clients} callers, the clips in turn; stops early at the deadline. */
    private static Level load(HttpClient http, URI uri, List<Path> clips, int clients, int requests, long deadline)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger server = new AtomicInteger();
        List<Double> latency = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                        long s = System.nanoTime();
                        int status;
                        try {
                            status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(HttpRequest.BodyPublishers.ofFile(clips.get(i % clips.size()))).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        }
                        latency.add((System.nanoTime() - s) / 1e9);
                        if (status != 200) errors.incrementAndGet();
                        if (status >= 500) server.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] sorted = latency.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return new Level(clients, n, seconds, n / seconds, Percentiles.nearestRank(sorted, 0.5),
                Percentiles.nearestRank(sorted, 0.95),
                errors.get(), server.get());
    }
}
