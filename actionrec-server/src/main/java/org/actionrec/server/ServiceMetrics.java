package org.actionrec.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics: requests by route and status (refusals and the page's files included), request latency per route, time per pipeline
 * stage, timeline jobs by how they ended, and the queue and jobs as gauges read when scraped. Its own registry, so two services in one JVM
 * (tests) never share counts.
 */
public final class ServiceMetrics {
    /** Seconds: a clip takes tenths of a second to seconds, a long timeline minutes. */
    private static final double[] LATENCY_BOUNDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60, 120};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram stages;
    private final Counter jobs;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public ServiceMetrics(IntSupplier queueDepth, IntSupplier running, IntSupplier jobsRunning) {
        requests = Counter.builder().name("actionrec_http_requests_total").help("HTTP requests by route and status")
                .labelNames("route", "status").register(registry);
        latency = Histogram.builder().name("actionrec_http_request_duration_seconds")
                .help("time from request to answer, by route").labelNames("route").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).register(registry);
        stages = Histogram.builder().name("actionrec_stage_duration_seconds")
                .help("time per video in each pipeline stage (decode, motion, backbone, head)").labelNames("stage")
                .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        jobs = Counter.builder().name("actionrec_jobs_total").help("timeline jobs ended, by how: done, failed, cancelled")
                .labelNames("state").register(registry);
        GaugeWithCallback.builder().name("actionrec_queue_depth").help("requests waiting for a worker")
                .callback(cb -> cb.call(queueDepth.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("actionrec_requests_running").help("requests a worker is recognising")
                .callback(cb -> cb.call(running.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("actionrec_jobs_running").help("timeline jobs queued or running")
                .callback(cb -> cb.call(jobsRunning.getAsInt())).register(registry);
    }

    public void request(String route, int status, double seconds) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    public void jobEnded(TimelineJobs.State state) {
        jobs.labelValues(state.name().toLowerCase(java.util.Locale.ROOT)).inc();
    }

    public void stage(String stage, double seconds) {
        stages.labelValues(stage).observe(seconds);
    }

    /** The text format (version 0.0.4) of every metric. */
    public String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return writer.getContentType();
    }
}
