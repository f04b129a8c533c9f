package org.actionrec.server;

import static org.actionrec.server.ServerFixture.get;
import static org.actionrec.server.ServerFixture.json;
import static org.actionrec.server.ServerFixture.postFile;
import static org.actionrec.server.ServerFixture.postRaw;
import static org.actionrec.server.ServerFixture.postVideo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionrec.motion.TestVideos;
import org.actionrec.timeline.SquareActions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a hostile client tries it, over loopback: parameters that would exhaust memory or are not
 * numbers, jobs cancelled while queued or running, paths outside the allowed root, requests past the time limit,
 * broken multipart bodies, foreign Host and Origin headers, wrong methods, bad URIs, clients that trickle, and a
 * bounded fuzz of every query parameter. Each answer is JSON, 4xx where the client is at fault, counted, and
 * leaves no file and no stuck job behind.
 */
class HostileClientsTest {
    static final ObjectMapper JSON = ServerFixture.JSON;
    static final String PREDICT = "/v1/models/squares/predict";
    static final String TIMELINE = "/v1/models/squares/timeline";
    static final String EXPLAIN = "/v1/models/squares/explain";

    @TempDir
    static Path tmp;
    static Path data;
    static Path modelFile;
    static Path clip;
    static ActionRecServer server;

    @BeforeAll
    static void start() throws Exception {
        ServerFixture.assumeBackbone();
        data = TestVideos.writeSquareDataset(tmp.resolve("squares"), 3, 30);
        modelFile = ServerFixture.trainPool(data, tmp.resolve("train"));
        clip = TestVideos.squareClip(data, "Right", 1, 1); // 30 frames, 1.2 s
        server = ActionRecServer.start(ServerFixture.config(tmp.resolve("uploads")).withAllowRoot(data)
                        .withAllowed(List.of("actionrec.test:8080"), List.of("http://allowed.example")),
                ServerFixture.catalog("squares", modelFile, 2));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A JSON {code, type, message} answer of this status whose message names {@code mentions}. */
    static void assertError(int status, String body, String... mentions) throws Exception {
        JsonNode e = JSON.readTree(body);
        assertThat(e.get("code").asInt()).as(body).isEqualTo(status);
        assertThat(e.get("type").asText()).isNotBlank();
        assertThat(e.get("message").asText()).as(body).doesNotContain(tmp.toString());
        for (String m : mentions) assertThat(e.get("message").asText()).as(body).contains(m);
    }

    static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void parametersOutOfRangeAreRefusedBeforeAnyWorkAndMemoryStaysFlat() throws Exception {
        // warm the route and the codecs before measuring
        waitFor(postVideo(server, TIMELINE + "?stride=0.6", clip).headers().firstValue("Location").orElseThrow(), "done");
        System.gc();
        long before = residentKiB();
        for (String window : List.of("10000000", "1e9", "1e308", "61")) {
            HttpResponse<String> r = postVideo(server, TIMELINE + "?window=" + window, clip);
            assertThat(r.statusCode()).as(window + ": " + r.body()).isEqualTo(400);
            assertError(400, r.body(), "window", window, "(0, 60]");
        }
        // within the service's cap but longer than this 1.2 s clip
        HttpResponse<String> longer = postVideo(server, TIMELINE + "?window=5", clip);
        assertThat(longer.statusCode()).isEqualTo(400);
        assertError(400, longer.body(), "window", "the video's length");
        long after = residentKiB();
        assertThat((double) after).as("resident KiB before %d, after %d", before, after)
                .isLessThanOrEqualTo(before * 1.10);

        String[][] refused = {
            {TIMELINE + "?stride=0.0001", "stride", "one keyframe spacing"},
            {TIMELINE + "?stride=5", "stride", "the window"},
            {TIMELINE + "?top=1000", "top", "from 1 to 3"},
            {TIMELINE + "?smoothing=abc", "smoothing", "'abc'"},
            {TIMELINE + "?smoothing=4", "smoothing", "odd"},
            {TIMELINE + "?smoothing=27", "smoothing", "from 1 to 25"},
            {TIMELINE + "?no_action=1", "no_action", "[0, 1)"},
            {TIMELINE + "?min_segment=-1", "min_segment", "[0, 3600]"},
            {TIMELINE + "?min_segment=2", "min_segment", "the video's length"},
            {TIMELINE + "?window=NaN", "window", "'NaN'"},
            {TIMELINE + "?window=0x10", "window", "'0x10'"},
            {TIMELINE + "?windw=1", "windw", "this route takes"},
            {PREDICT + "?top=1000", "top", "from 1 to 3"},
            {PREDICT + "?top=2.5", "top", "'2.5'"},
            {EXPLAIN + "?class=golf", "class", "Down, Right, Still"},
        };
        for (String[] c : refused) {
            HttpResponse<String> r = postVideo(server, c[0], clip);
            assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
            assertError(400, r.body(), c[1], c[2]);
        }
        assertThat(server.uploads().filesLeft()).isZero();
        assertThat(get(server, "/metrics").body()).contains("actionrec_jobs_running 0");
    }

    @Test
    void cancelledQueuedAndRunningJobsLeaveNoUpload() throws Exception {
        Path minute = SquareActions.rightThenDown(tmp.resolve("minute.avi"), 750, 750);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // one job runs at a time: the first runs, three wait
            HttpResponse<String> r = postVideo(server, TIMELINE, minute);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            urls.add(r.headers().firstValue("Location").orElseThrow());
        }
        waitFor(urls.get(0), "running");
        assertThat(JSON.readTree(get(server, urls.get(3)).body()).get("state").asText()).isEqualTo("queued");
        for (String url : urls.subList(1, 4)) assertThat(state(delete(url))).isEqualTo("cancelled");
        assertThat(state(delete(urls.get(0)))).isEqualTo("cancelled");
        for (String url : urls) {
            JsonNode job = waitFor(url, "cancelled");
            assertThat(job.has("finished")).as(job.toString()).isTrue();
            assertThat(job.has("result")).isFalse();
        }
        assertThat(server.uploads().filesLeft()).isZero();
        String metrics = get(server, "/metrics").body();
        assertThat(metrics).contains("actionrec_jobs_running 0").contains("actionrec_jobs_total{state=\"cancelled\"}");
    }

    @Test
    void aPathOutsideTheRootGetsOneAnswerWhetherOrNotItExists() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "not for clients");
        String exists = data.relativize(secret).toString(); // ../secret.txt
        HttpResponse<String> a = postRaw(server, PREDICT + "?path=" + exists, new byte[0]);
        HttpResponse<String> b = postRaw(server, PREDICT + "?path=../nothing-here.txt", new byte[0]);
        HttpResponse<String> c = postRaw(server, PREDICT + "?path=" + secret.toAbsolutePath(), new byte[0]);
        HttpResponse<String> d = postRaw(server, PREDICT + "?path=Still/none.avi", new byte[0]);
        for (HttpResponse<String> r : List.of(b, c, d)) {
            assertThat(r.statusCode()).isEqualTo(a.statusCode());
            assertThat(r.body()).isEqualTo(a.body());
        }
        assertThat(a.statusCode()).isEqualTo(404);
        assertThat(a.body()).doesNotContain("secret").doesNotContain(tmp.toString());

        // no answer shows a server path: the model's description names its split folder by name only
        HttpResponse<String> model = get(server, "/v1/models/squares");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(model.body()).doesNotContain(tmp.toString()).doesNotContain(data.toString());
    }

    @Test
    void malformedBodiesWrongMethodsAndBadUrisAreJsonClientErrorsAndCounted() throws Exception {
        String boundary = "----actionrec-bad";
        byte[] wrongBoundary = ("--other\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.avi\"\r\n\r\n"
                + "xyz\r\n--other--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        byte[] real = Files.readAllBytes(clip);
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.avi\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] truncated = new byte[head.length + real.length / 2]; // no closing boundary
        System.arraycopy(head, 0, truncated, 0, head.length);
        System.arraycopy(real, 0, truncated, head.length, real.length / 2);
        for (byte[] body : List.of(wrongBoundary, garbage, truncated)) {
            HttpResponse<String> r = ServerFixture.HTTP.send(HttpRequest.newBuilder(ServerFixture.uri(server, PREDICT))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertError(400, r.body(), "multipart");
            assertThat(r.body()).doesNotContain("IOException");
        }

        // a body that ends before its declared length, the client gone: a 400 (or 499) that is logged and counted
        String predictRoute = "/v1/models/{name}/predict";
        double refusedBefore = counter(get(server, "/metrics").body(), predictRoute, 400)
                + counter(get(server, "/metrics").body(), predictRoute, 499);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(real, 0, 5000);
            out.flush();
        }

        HttpResponse<String> wrongMethod = ServerFixture.HTTP.send(HttpRequest.newBuilder(ServerFixture.uri(server,
                PREDICT)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertError(405, wrongMethod.body(), "GET");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");

        Raw badUri = raw("GET /%2e%2e/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(badUri.status()).as(badUri.text()).isEqualTo(400);
        assertThat(badUri.header("content-type")).startsWith("application/json");
        assertError(400, badUri.body());

        assertThat(get(server, "/").statusCode()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 10_000;
        String metrics = get(server, "/metrics").body();
        while (counter(metrics, predictRoute, 400) + counter(metrics, predictRoute, 499) <= refusedBefore
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100); // counted once Jetty notices the closed connection
            metrics = get(server, "/metrics").body();
        }
        assertThat(counter(metrics, predictRoute, 400) + counter(metrics, predictRoute, 499)).isGreaterThan(refusedBefore);
        assertThat(metrics).contains("actionrec_http_requests_total{route=\"/v1/models/{name}/predict\",status=\"400\"}")
                .contains("actionrec_http_requests_total{route=\"other\",status=\"405\"}")
                .contains("actionrec_http_requests_total{route=\"invalid-request\",status=\"400\"}")
                .contains("actionrec_http_requests_total{route=\"page\",status=\"200\"}");
        assertThat(server.uploads().filesLeft()).isZero();
    }

    @Test
    void foreignHostsAndOriginsAreRefused() throws Exception {
        String body = new String(Files.readAllBytes(clip), StandardCharsets.ISO_8859_1);
        assertThat(raw(request("GET", "/v1/models", "evil.example", null)).status()).isEqualTo(403);
        assertThat(raw(request("GET", "/health/ready", "evil.example:" + server.port(), null)).status()).isEqualTo(403);
        Raw foreign = raw(request("GET", "/v1/models", "evil.example", null));
        assertError(403, foreign.body(), "evil.example", "--allowed-host");
        for (String host : List.of("localhost:" + server.port(), "127.0.0.1:" + server.port(), "[::1]:" + server.port(),
                "actionrec.test:8080")) {
            assertThat(raw(request("GET", "/v1/models", host, null)).status()).as(host).isEqualTo(200);
        }
        String self = "127.0.0.1:" + server.port();
        Raw crossSite = raw(request("POST", PREDICT, self, "http://evil.example") + body);
        assertThat(crossSite.status()).isEqualTo(403);
        assertError(403, crossSite.body(), "evil.example", "--allowed-origin");
        assertThat(raw(request("POST", PREDICT, self, "http://" + self) + body).status()).isEqualTo(200);
        assertThat(raw(request("POST", PREDICT, self, "http://allowed.example") + body).status()).isEqualTo(200);
        assertThat(server.uploads().filesLeft()).isZero();
    }

    /** A request with this Host and (where not null) Origin; a POST carries the clip that follows it. */
    private static String request(String method, String path, String host, String origin) throws IOException {
        StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (origin != null) r.append("Origin: ").append(origin).append("\r\n");
        if (method.equals("POST")) {
            r.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(Files.size(clip)).append("\r\n");
        }
        return r.append("Connection: close\r\n\r\n").toString();
    }

    @Test
    void aTimedOutRequestIsStoppedAndFreesItsWorker() throws Exception {
        // 1 worker, a 1 s limit, and a video that takes several seconds to recognise
        Path heavy = TestVideos.writeFrames(tmp.resolve("heavy.avi"), 900, 25,
                t -> TestVideos.squareAt(1280, 720, 64, 10 + t, 100));
        try (ActionRecServer s = ActionRecServer.start(ServerFixture.config(tmp.resolve("timeout")).withWorkers(1, 2)
                .withRequestTimeout(Duration.ofSeconds(1)), ServerFixture.catalog("squares", modelFile, 1))) {
            HttpResponse<String> r = postVideo(s, PREDICT, heavy);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertError(503, r.body(), "limit of 1 s");
            long answered = System.nanoTime();
            String metrics = get(s, "/metrics").body();
            while (!(metrics.contains("actionrec_requests_running 0") && metrics.contains("actionrec_queue_depth 0"))
                    && System.nanoTime() - answered < 5_000_000_000L) {
                Thread.sleep(20);
                metrics = get(s, "/metrics").body();
            }
            double freedAfter = (System.nanoTime() - answered) / 1e9;
            assertThat(freedAfter).as("seconds until the worker was free").isLessThan(1.5);
            HttpResponse<String> next = postVideo(s, PREDICT, clip); // the worker takes the next request
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(s.uploads().filesLeft()).isZero();
        }
    }

    @Test
    void clientsThatTrickleTheirHeadersOrSitIdleAreCutOff() throws Exception {
        try (ActionRecServer s = ActionRecServer.start(ServerFixture.config(tmp.resolve("slow"))
                .withClientLimits(new ServerConfig.ClientLimits(Duration.ofSeconds(2), Duration.ofSeconds(1), 1024)),
                ServerFixture.catalog("squares", modelFile, 1))) {
            byte[] line = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            // a byte every 250 ms: never idle, never done; closed by the 1 s header limit
            assertThat(secondsUntilClosed(s, line)).isBetween(0.9, 4.0);
            // nothing at all: closed by the 2 s idle limit
            assertThat(secondsUntilClosed(s, new byte[0])).isBetween(1.8, 5.0);
        }
    }

    /** Opens a connection, sends {@code trickle} a byte every 250 ms (then nothing), and times its closing. */
    private static double secondsUntilClosed(ActionRecServer s, byte[] trickle) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) { // at most 10 s
                try {
                    if (trickle.length > 0) {
                        out.write(trickle[i % trickle.length]);
                        out.flush();
                    }
                    if (socket.getInputStream().read() == -1) return (System.nanoTime() - t0) / 1e9;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(50);
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    @Test
    void duringShutdownAFinishedJobCanStillBeRead() throws Exception {
        ActionRecServer s = ActionRecServer.start(ServerFixture.config(tmp.resolve("stopping")),
                ServerFixture.catalog("squares", modelFile, 1));
        try {
            HttpResponse<String> started = postVideo(s, TIMELINE, clip);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String url = started.headers().firstValue("Location").orElseThrow();
            waitFor(s, url, "done");
            Path longer = TestVideos.writeSquareMotion(tmp.resolve("longer.avi"), 400, 10, 10, 0, 0);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<HttpResponse<String>> running = pool.submit(() -> postVideo(s, PREDICT, longer));
                long deadline = System.currentTimeMillis() + 30_000;
                while (!get(s, "/metrics").body().contains("actionrec_requests_running 1")
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                Future<?> stopping = pool.submit(() -> s.stop(Duration.ofSeconds(60)));
                HttpResponse<String> ready;
                do {
                    Thread.sleep(10);
                    ready = get(s, "/health/ready");
                } while (ready.statusCode() == 200 && !running.isDone());
                HttpResponse<String> job = get(s, url);
                assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
                assertThat(json(job).get("state").asText()).isEqualTo("done");
                assertThat(postVideo(s, PREDICT, clip).statusCode()).isEqualTo(503);
                running.get();
                stopping.get();
            } finally {
                pool.shutdownNow();
            }
        } finally {
            s.close();
        }
    }

    @Test
    void theOpenApiDocumentStatesTheBoundsTheServiceEnforces() throws Exception {
        JsonNode api = json(get(server, "/openapi.json"));
        java.util.Map<String, JsonNode> params = new java.util.HashMap<>();
        for (JsonNode p : api.at("/paths/~1v1~1models~1{name}~1timeline/post/parameters")) params.put(p.get("name").asText(), p);
        assertThat(params.get("window").at("/schema/maximum").asDouble()).isEqualTo(RequestParameters.MAX_WINDOW_S);
        assertThat(params.get("smoothing").at("/schema/maximum").asInt()).isEqualTo(RequestParameters.MAX_SMOOTHING);
        assertThat(params.get("min_segment").at("/schema/maximum").asDouble())
                .isEqualTo(RequestParameters.MAX_MIN_SEGMENT_S);
        assertThat(params.get("no_action").at("/schema/exclusiveMaximum").asBoolean()).isTrue();
        assertThat(params.keySet()).containsExactlyInAnyOrder("name", "window", "stride", "smoothing", "no_action",
                "min_segment", "top", "path");
    }

    @Test
    void aModelIsServedUnderItsFilesOwnName() {
        assertThat(ModelCatalog.defaultName(Path.of("out/model.actionrec"))).isEqualTo("model");
        assertThat(ModelCatalog.defaultName(Path.of("runs/jhmdb rgb.actionrec"))).isEqualTo("jhmdb_rgb");
        assertThat(ModelCatalog.withoutPaths(java.util.Map.of("split", "/data/jhmdb/splits (split 1), 3/4 of clips")))
                .isEqualTo(java.util.Map.of("split", "splits (split 1), 3/4 of clips"));
    }

    @Test
    void anExplanationOfAnotherClassStillNamesThePrediction() throws Exception {
        HttpResponse<String> r = postVideo(server, EXPLAIN + "?class=Still", clip);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode e = json(r);
        assertThat(e.get("label").asText()).isEqualTo("Still");
        assertThat(e.at("/predicted/label").asText()).isEqualTo("Right");
        assertThat(e.at("/predicted/probability").asDouble()).isGreaterThan(e.get("probability").asDouble());
    }

    /**
     * Random and extreme values of every query parameter, a few hundred requests at most: each is answered 200,
     * 202 or 4xx, never 5xx, every job reaches an end, and no file is left.
     */
    @Test
    void fuzzedQueryParametersGetClientErrorsNeverServerErrors() throws Exception {
        long seed = Long.getLong("actionrec.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] extremes = {"", " ", "abc", "-1", "0", "-0", "1", "2", "3", "0.5", "1e308", "-1e308", "1e-320", "NaN",
            "Infinity", "-Infinity", "0x10", "1d", "1f", "9999999999", "2147483648", "1,5", "1.2.3", "%00", "%E2%88%9E",
            "1%20", "..%2F..", "05", "1e3", ".5", "5.", "+3", "0.999999", "1.0000001", "60", "60.0001", "25", "26"};
        String[][] routes = {
            {PREDICT, "top"},
            {TIMELINE, "window", "stride", "smoothing", "min_segment", "no_action", "top"},
            {EXPLAIN, "class"},
        };
        String[] classes = {"Down", "Right", "Still", "down", "", "Right%00", "%3Cscript%3E"};
        byte[] video = Files.readAllBytes(clip);
        List<String> jobs = new ArrayList<>();
        int requests = 0;
        long deadline = System.currentTimeMillis() + 150_000;
        while (requests < 150 && System.currentTimeMillis() < deadline) {
            String[] route = routes[random.nextInt(routes.length)];
            StringBuilder query = new StringBuilder();
            int n = 1 + random.nextInt(Math.min(3, route.length - 1));
            for (int i = 0; i < n; i++) {
                String name = route[1 + random.nextInt(route.length - 1)];
                String value = name.equals("class") ? classes[random.nextInt(classes.length)]
                        : switch (random.nextInt(3)) {
                            case 0 -> extremes[random.nextInt(extremes.length)];
                            case 1 -> Double.toString(Math.pow(10, random.nextDouble() * 8 - 4));
                            default -> Integer.toString(random.nextInt(41) - 5);
                        };
                query.append(i == 0 ? "?" : "&").append(name).append('=').append(value.replace(" ", "%20"));
            }
            String path = route[0] + query;
            HttpResponse<String> r = postFile(server, path, "video", "fuzz.avi", video);
            requests++;
            assertThat(r.statusCode()).as("seed %d: %s -> %s", seed, path, r.body()).isIn(200, 202, 400, 404);
            if (r.statusCode() >= 400) {
                assertError(r.statusCode(), r.body());
            } else if (r.statusCode() == 202) {
                jobs.add(r.headers().firstValue("Location").orElseThrow());
            }
        }
        assertThat(requests).isGreaterThanOrEqualTo(50);
        for (String url : jobs) {
            JsonNode job = waitFor(url, "done", "failed", "cancelled");
            assertThat(job.get("state").asText()).as("seed %d: %s", seed, job).isEqualTo("done");
        }
        assertThat(get(server, "/metrics").body()).contains("actionrec_jobs_running 0").doesNotContain(
                "status=\"500\"");
        assertThat(server.uploads().filesLeft()).isZero();
    }

    /** The value of {@code actionrec_http_requests_total} for a route and status, 0 where absent. */
    private static double counter(String metrics, String route, int status) {
        String key = "actionrec_http_requests_total{route=\"" + route + "\",status=\"" + status + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(key)).mapToDouble(l -> Double.parseDouble(l.substring(key.length())))
                .sum();
    }

    private static JsonNode delete(String url) throws Exception {
        return JSON.readTree(ServerFixture.HTTP.send(HttpRequest.newBuilder(ServerFixture.uri(server, url)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String state(JsonNode job) {
        return job.get("state").asText();
    }

    private static JsonNode waitFor(String url, String... states) throws Exception {
        return waitFor(server, url, states);
    }

    /**
     * Polls a job until it is in one of {@code states}, and, for an end state, until it has ended ("finished": a
     * cancelled job says "cancelled" at once but ends at its next check), at most 120 s.
     */
    private static JsonNode waitFor(ActionRecServer s, String url, String... states) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode job = json(get(s, url));
        while (!(List.of(states).contains(state(job)) && (job.has("finished") || List.of("queued", "running")
                .contains(state(job)))) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            job = json(get(s, url));
        }
        assertThat(state(job)).as(job.toString()).isIn((Object[]) states);
        return job;
    }

    /** A raw answer: status, headers and body as text. */
    record Raw(String text) {
        int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        String header(String name) {
            for (String line : text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return "";
        }

        String body() {
            String b = text.substring(text.indexOf("\r\n\r\n") + 4);
            return b.startsWith("{") ? b : b.substring(b.indexOf('{'), b.lastIndexOf('}') + 1); // chunked
        }
    }

    /** Sends bytes as they are (a Host or a URI no HTTP client would send) and reads the whole answer. */
    private static Raw raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return new Raw(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
