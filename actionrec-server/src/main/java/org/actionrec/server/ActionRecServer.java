package org.actionrec.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.actionrec.Recognition;
import org.actionrec.explain.ExplainOptions;
import org.actionrec.explain.Explanation;
import org.actionrec.features.StageTimes;
import org.actionrec.recognizer.TrainingClips;
import org.actionrec.timeline.Timeline;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.video.DecodeOptions;
import org.actionrec.video.FfmpegVideoReader;
import org.actionrec.video.VideoMetadata;
import org.actionrec.video.VideoReadException;
import org.actionrec.video.WebmPreview;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API and the web page over a {@link ModelCatalog}. Routes turn requests into calls of the core's
 * {@link org.actionrec.ActionRecognizer} and its answers into JSON; they hold no pipeline logic. Every
 * recognition goes through one bounded {@link WorkQueue}; every upload into its own file, deleted on every path.
 */
public final class ActionRecServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRecServer.class);
    static final String API = "/v1";

    private final ServerConfig config;
    private final ModelCatalog catalog;
    private final Uploads uploads;
    private final WorkQueue queue;
    private final ServiceMetrics metrics;
    private final TimelineJobs jobs;
    /** Uploads above 4096 x 4096 pixels a frame are refused before anything is decoded. */
    static final long MAX_PIXELS = 4096L * 4096L;

    private final FfmpegVideoReader probe = new FfmpegVideoReader(new DecodeOptions(MAX_PIXELS,
            DecodeOptions.DEFAULTS.maxFrames(), 1, DecodeOptions.DEFAULTS.singlePassBytes()));
    private final WebmPreview webm = new WebmPreview(probe, WebmPreview.DEFAULT_MAX_WIDTH);
    /** nginx's status for a request whose client went away before it was answered. */
    static final int CLIENT_CLOSED_REQUEST = 499;
    private final HostGuard guard;
    private final SlowClients slowClients;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Javalin app;

    private ActionRecServer(ServerConfig config, ModelCatalog catalog) throws IOException {
        this.config = config;
        this.catalog = catalog;
        this.uploads = new Uploads(config.tempRoot(), config.maxUploadBytes(), config.allowRoot());
        this.queue = new WorkQueue(config.workers(), config.queueCapacity(), config.requestTimeout());
        this.metrics = new ServiceMetrics(queue::waiting, queue::running, this::activeJobs);
        this.jobs = new TimelineJobs(1, config.queueCapacity(), metrics::jobEnded);
        this.guard = new HostGuard(config.host(), config.allowedHosts(), config.allowedOrigins());
        this.slowClients = new SlowClients(config.clients().headerTimeout());
        JsonErrorHandler jettyErrors = new JsonErrorHandler(json, metrics);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.maxRequestSize = 1024 * 1024; // bodies read whole (JSON); uploads stream past this limit
            cfg.http.prefer405over404 = true;
            cfg.jetty.clientAbortStatus = CLIENT_CLOSED_REQUEST;
            cfg.jetty.defaultHost = config.host();
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setIdleTimeout(config.clients().idleTimeout().toMillis());
                http.setMinRequestDataRate(config.clients().minBytesPerSecond());
            });
            // what Jetty refuses before a route sees it (a bad URI, a bad header) is JSON too, and counted
            cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyErrors));
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.requestLogger.http((ctx, ms) -> {
                inFlight.decrementAndGet();
                metrics.request(route(ctx), ctx.statusCode(), ms / 1000.0);
            });
        });
        routes();
    }

    /** Starts a service on {@code config}'s host and port (port 0: a free one, see {@link #port()}). */
    public static ActionRecServer start(ServerConfig config, ModelCatalog catalog) throws IOException {
        ActionRecServer s = new ActionRecServer(config, catalog);
        s.app.start(config.host(), config.port());
        for (Connector c : s.app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setIdleTimeout(config.clients().idleTimeout().toMillis());
                s.slowClients.watch(sc);
            }
        }
        LOG.info("serving {} model(s) on http://{}:{}", catalog.all().size(), config.host(), s.port());
        return s;
    }

    public int port() {
        return app.port();
    }

    public Uploads uploads() {
        return uploads;
    }

    private void routes() {
        app.before(ctx -> inFlight.incrementAndGet());
        app.before(guard::check);
        app.before(ctx -> {
            // while stopping, nothing new starts, but what exists can still be read (a finished job's result)
            if (!accepting.get() && ctx.method() == HandlerType.POST) {
                throw new ApiException(503, "ServiceUnavailable", "the service is shutting down", 30);
            }
        });
        app.before(API + "/*", this::authorise);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", ctx -> {
            boolean ready = accepting.get();
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "stopping", "models",
                    catalog.all().stream().map(ModelCatalog.Entry::name).toList()));
        });
        app.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        app.get("/openapi.json", ctx -> {
            try (InputStream in = ActionRecServer.class.getResourceAsStream("/openapi.json")) {
                ctx.contentType("application/json").result(in.readAllBytes());
            }
        });
        app.get(API + "/models", ctx -> ctx.json(Map.of("models",
                catalog.all().stream().map(ModelCatalog::summary).toList())));
        app.get(API + "/models/{name}", ctx -> ctx.json(ModelCatalog.describe(catalog.get(ctx.pathParam("name")))));
        app.before(API + "/models/{name}/predict", ctx -> RequestParameters.onlyKnown(ctx, List.of("top", "path")));
        app.before(API + "/models/{name}/timeline", ctx -> RequestParameters.onlyKnown(ctx, List.of("window", "stride",
                "smoothing", "min_segment", "no_action", "top", "path")));
        app.before(API + "/models/{name}/explain", ctx -> RequestParameters.onlyKnown(ctx, List.of("class", "path")));
        app.before(API + "/preview", ctx -> RequestParameters.onlyKnown(ctx, List.of("path")));
        app.post(API + "/models/{name}/predict", this::predict);
        app.post(API + "/preview", this::preview);
        app.post(API + "/models/{name}/timeline", this::startTimeline);
        app.get(API + "/jobs/{id}", ctx -> ctx.json(jobs.get(ctx.pathParam("id")).describe()));
        app.delete(API + "/jobs/{id}", ctx -> ctx.json(jobs.cancel(ctx.pathParam("id")).describe()));
        app.post(API + "/models/{name}/explain", this::explain);

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e));
        app.exception(VideoReadException.class, (e, ctx) -> error(ctx, videoError(e)));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                String allow = allowedMethods(ctx.path());
                if (!allow.isEmpty()) ctx.header("Allow", allow);
                error(ctx, new ApiException(405, "MethodNotAllowed", ctx.method() + " is not allowed on " + ctx.path()
                        + (allow.isEmpty() ? "" : "; it takes " + allow)));
            } else {
                error(ctx, new ApiException(e.getStatus(), e.getStatus() == 404 ? "NotFound"
                        : HttpStatus.forStatus(e.getStatus()).name(), e.getMessage()));
            }
        });
        app.exception(CancellationException.class, (e, ctx) -> error(ctx,
                ApiException.busy("the request was stopped before it was answered (the service is stopping)")));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            // the exception's own text may name the service's files: the log has it, the client a plain line
            error(ctx, new ApiException(500, "InternalServerError", "the service failed on this request ("
                    + e.getClass().getSimpleName() + "); its log has the details"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, ApiException.notFound("no route " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> error(ctx, new ApiException(405, "MethodNotAllowed", ctx.method() + " is not "
                + "allowed on " + ctx.path())));
    }

    /** The methods the routes take on {@code path}, as an Allow header ("POST"; "DELETE, GET"). */
    private String allowedMethods(String path) {
        var router = app.unsafeConfig().pvt.internalRouter; // what Javalin's own 405 consults
        return Arrays.stream(HandlerType.values()).filter(HandlerType::isHttpMethod)
                .filter(t -> t != HandlerType.HEAD && t != HandlerType.OPTIONS)
                .filter(t -> router.findHttpHandlerEntries(t, path).findFirst().isPresent())
                .map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    private void authorise(Context ctx) {
        if (config.token() == null) return;
        String header = ctx.header("Authorization");
        if (header == null || !constantTimeEquals(header, "Bearer " + config.token())) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "Unauthorized", "this service needs 'Authorization: Bearer <token>'");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void predict(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        ModelCatalog.Entry model = catalog.get(ctx.pathParam("name"));
        int top = RequestParameters.top(ctx, model.recognizer().classes().size());
        try (UploadedVideo video = uploads.receive(ctx)) {
            probe.probe(video.file()); // FFmpeg decides what is a video, never the file name
            Recognition r = queue.run(() -> model.recognizer().predict(video.file(), top), deadline(t0));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model.name());
            body.put("video", video.clientName());
            body.put("frames", r.frames());
            body.put("warnings", r.warnings());
            body.put("label", r.label(0));
            body.put("top", r.top().stream().map(c -> Map.of("label", c.label(), "probability", c.probability()))
                    .toList());
            body.put("seconds", (System.nanoTime() - t0) / 1e9);
            body.put("stages", stages(r.times()));
            ctx.json(body);
        }
    }

    /**
     * Starts a timeline job for a long video and answers 202 with its URL; the upload lives until the job ends.
     * Query: {@code window}, {@code stride} (seconds), {@code smoothing} (odd windows), {@code no_action}
     * (probability below which a window is no action), {@code min_segment} (seconds), {@code top}.
     */
    private void startTimeline(Context ctx) throws Exception {
        ModelCatalog.Entry model = catalog.get(ctx.pathParam("name"));
        TimelineOptions options = RequestParameters.timeline(ctx, model.recognizer().classes().size());
        UploadedVideo video = uploads.receive(ctx);
        TimelineJobs.Job job;
        try {
            VideoMetadata m = probe.probe(video.file());
            RequestParameters.checkAgainstVideo(options, m, model.recognizer().model().streamConfig().keyframes(),
                    TrainingClips.of(model.recognizer().model()));
            double duration = m.durationSeconds() > 0 ? m.durationSeconds() : 0;
            job = jobs.submit(model.name(), video.clientName(), progress -> {
                Thread worker = Thread.currentThread();
                Timeline t = model.recognizer().timeline(video.file(), options,
                        w -> progress.accept(duration > 0 ? Math.min(0.99, w.endS() / duration) : 0),
                        worker::isInterrupted); // DELETE interrupts the job's thread
                // the answer names the client's file, never the service's copy of it
                return new Timeline(video.clientName(), t.fps(), t.durationS(), t.frames(), t.windowS(), t.strideS(),
                        t.windows(), t.segments(), t.provenance());
            }, video::close);
        } catch (Exception | Error e) {
            video.close();
            throw e;
        }
        ctx.status(202).header("Location", API + "/jobs/" + job.id()).json(job.describe());
    }

    /**
     * Where the model looked: per keyframe and stream, the frame as the backbone saw it and the same with the
     * class evidence blended over it (both PNG, base64), its share of the evidence and its peak. Query:
     * {@code class} (default: the predicted one).
     */
    private void explain(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        ModelCatalog.Entry model = catalog.get(ctx.pathParam("name"));
        String label = ctx.queryParam("class");
        if (label != null && !model.recognizer().classes().contains(label)) {
            throw ApiException.badRequest("class must be one of the model's classes (" + String.join(", ",
                    model.recognizer().classes()) + "), was '" + RequestParameters.clip(label) + "'");
        }
        ExplainOptions options = ExplainOptions.defaults().withSaliencyViews(0)
                .withClasses(label == null ? List.of() : List.of(label));
        try (UploadedVideo video = uploads.receive(ctx)) {
            probe.probe(video.file());
            Explanation e = queue.run(() -> model.recognizer().explain(video.file(), options), deadline(t0));
            ctx.json(ExplanationPictures.describe(e, model.recognizer().classes(), model.name(), video.clientName(),
                    (System.nanoTime() - t0) / 1e9));
        }
    }

    /** The upload as VP8 WebM, which browsers play where they cannot play the dataset's AVI. */
    private void preview(Context ctx) throws Exception {
        long t0 = System.nanoTime();
        try (UploadedVideo video = uploads.receive(ctx)) {
            probe.probe(video.file());
            Path out = uploads.newFile(".webm");
            try {
                queue.run(() -> webm.write(video.file(), out), deadline(t0));
                ctx.contentType("video/webm").result(Files.readAllBytes(out));
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    /** The stages' seconds, into the metrics and the answer. */
    private Map<String, Double> stages(StageTimes t) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("decode", t.decodeSeconds());
        s.put("motion", t.motionSeconds());
        s.put("backbone", t.backboneSeconds());
        s.put("head", t.headSeconds());
        s.forEach(metrics::stage);
        return s;
    }

    /** When a request's time limit ends, counted from its arrival. */
    private long deadline(long startNanos) {
        return startNanos + config.requestTimeout().toNanos();
    }

    /** The status a video the pipeline refuses gets: 415 for what is not a video we read, 400 for a broken one. */
    static ApiException videoError(VideoReadException e) {
        String message = "could not read the video: " + e.reason().description() + detail(e);
        return switch (e.reason()) {
            case NOT_A_VIDEO, NO_VIDEO_STREAM -> new ApiException(415, "UnsupportedMediaType", message);
            case TOO_LARGE -> new ApiException(415, "UnsupportedMediaType", message);
            case EMPTY_FILE -> new ApiException(400, "EmptyVideo", message);
            case NOT_FOUND -> ApiException.notFound(message);
            case UNREADABLE, NO_FRAMES, DECODE_FAILED, UNREACHABLE -> new ApiException(400, "InvalidVideo", message);
        };
    }

    /** The part of the exception's message after the file name: the service never shows its own paths. */
    private static String detail(VideoReadException e) {
        String m = e.getMessage();
        String prefix = e.file() + ": " + e.reason().description();
        return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : "";
    }

    private static void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        ctx.status(e.status()).json(e.body());
    }

    /**
     * The route pattern as a metrics label; the page's files share "page", requests refused before a route
     * (host, auth, shutdown, parameters) share "refused", and what matched no route or none of its methods
     * (404, 405) "other".
     */
    private static String route(Context ctx) {
        String p = null;
        try {
            p = ctx.endpointHandlerPath();
        } catch (IllegalStateException e) {
            // no endpoint: a before-handler answered, or the page's static files did
        }
        if (p != null && !p.isEmpty() && !p.equals("*")) return p;
        String path = ctx.path();
        boolean api = path.startsWith(API + "/") || path.startsWith("/health") || path.equals("/metrics");
        if (!api && ctx.statusCode() < 400) return "page";
        return p == null && ctx.statusCode() != 404 && ctx.statusCode() != 405 ? "refused" : "other";
    }

    private int activeJobs() {
        return jobs == null ? 0 : jobs.active();
    }

    /**
     * Graceful stop: new requests are refused (503), running and queued ones finish within {@code grace}, then
     * the HTTP server stops and the upload folder is removed.
     */
    public void stop(Duration grace) {
        accepting.set(false);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            queue.drain(grace);
            jobs.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // answers of finished work are still being written
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        slowClients.close();
        jobs.close();
        queue.close();
        uploads.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /** The service's metrics (for the benchmark and tests in this JVM). */
    public ServiceMetrics metrics() {
        return metrics;
    }
}
