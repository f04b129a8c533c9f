package org.actionrec.server;

import static org.actionrec.server.ServerFixture.get;
import static org.actionrec.server.ServerFixture.json;
import static org.actionrec.server.ServerFixture.postFile;
import static org.actionrec.server.ServerFixture.postRaw;
import static org.actionrec.server.ServerFixture.postVideo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.actionrec.motion.TestVideos;
import org.actionrec.video.RgbFrame;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route and every error of the service, on a pool trained on videos of a moving square. */
class ServiceApiTest {
    static final ObjectMapper JSON = ServerFixture.JSON;
    static final String PREDICT = "/v1/models/squares/predict";

    @TempDir
    static Path tmp;
    static Path data;
    static Path modelFile;
    static ActionRecServer server;

    @BeforeAll
    static void start() throws Exception {
        ServerFixture.assumeBackbone();
        data = TestVideos.writeSquareDataset(tmp.resolve("squares"), 4, 30);
        modelFile = ServerFixture.trainPool(data, tmp.resolve("train"));
        server = ActionRecServer.start(ServerFixture.config(tmp.resolve("uploads")).withAllowRoot(data),
                ServerFixture.catalog("squares", modelFile, 2));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A 4xx answer is JSON {code, type, message} with the status as its code, and the service stays ready. */
    static void assertError(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = json(r);
        assertThat(e.get("code").asInt()).isEqualTo(status);
        assertThat(e.get("type").asText()).isEqualTo(type);
        assertThat(e.get("message").asText()).isNotBlank().doesNotContain(tmp.toString());
        assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void healthModelsAndOpenApi() throws Exception {
        assertThat(json(get(server, "/health/live")).get("status").asText()).isEqualTo("live");
        JsonNode ready = json(get(server, "/health/ready"));
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.get("models").get(0).asText()).isEqualTo("squares");

        JsonNode models = json(get(server, "/v1/models"));
        assertThat(models.at("/models/0/name").asText()).isEqualTo("squares");
        assertThat(models.at("/models/0/classes").asInt()).isEqualTo(3);
        JsonNode model = json(get(server, "/v1/models/squares"));
        assertThat(model.get("classes")).extracting(JsonNode::asText).containsExactly("Down", "Right", "Still");
        assertThat(model.get("streams")).extracting(JsonNode::asText).containsExactly("rgb", "mhi");
        assertThat(model.at("/backbone/sha256").asText()).hasSize(64);
        assertThat(model.at("/protocol/protocol").asText()).isEqualTo("group-kfold(k=3, seed=42)");
        assertThat(model.get("temperature").asDouble()).isPositive();
        assertError(get(server, "/v1/models/nope"), 404, "NotFound");
        assertError(get(server, "/v1/nothing/here"), 404, "NotFound");

        JsonNode api = json(get(server, "/openapi.json"));
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").has("/v1/models/{name}/predict")).isTrue();
        for (String path : java.util.List.of("/metrics", "/health/ready", "/v1/models", "/v1/models/{name}/timeline",
                "/v1/jobs/{id}", "/v1/models/{name}/explain", "/v1/preview")) {
            assertThat(api.get("paths").has(path)).as(path).isTrue();
        }
    }

    @Test
    void predictsAnUploadAsMultipartAndAsARawBody() throws Exception {
        Path down = TestVideos.squareClip(data, "Down", 1, 1);
        HttpResponse<String> r = postVideo(server, PREDICT + "?top=3", down);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = json(r);
        assertThat(p.get("label").asText()).isEqualTo("Down");
        assertThat(p.get("video").asText()).isEqualTo(down.getFileName().toString());
        assertThat(p.get("frames").asInt()).isEqualTo(30);
        assertThat(p.get("top")).hasSize(3);
        double sum = 0;
        for (JsonNode c : p.get("top")) sum += c.get("probability").asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        for (String stage : java.util.List.of("decode", "motion", "backbone", "head")) {
            assertThat(p.at("/stages/" + stage).asDouble(-1)).as(stage).isGreaterThanOrEqualTo(0);
        }
        assertThat(p.at("/stages/backbone").asDouble()).isPositive(); // 10 images through MobileNetV2

        HttpResponse<byte[]> preview = ServerFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(
                ServerFixture.uri(server, "/v1/preview")).POST(java.net.http.HttpRequest.BodyPublishers.ofFile(down))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.headers().firstValue("Content-Type")).hasValue("video/webm");
        Path webm = Files.write(tmp.resolve("preview.webm"), preview.body());
        org.actionrec.video.VideoMetadata m = new org.actionrec.video.FfmpegVideoReader().count(webm);
        assertThat(m.codec()).isEqualTo("vp8");
        assertThat(m.decodedFrameCount()).isEqualTo(30);

        JsonNode raw = json(postRaw(server, PREDICT + "?top=3", Files.readAllBytes(down)));
        assertThat(raw.get("top")).isEqualTo(p.get("top"));
        assertError(postVideo(server, PREDICT + "?top=0", down), 400, "BadRequest");
        assertError(postVideo(server, PREDICT + "?top=x", down), 400, "BadRequest");
        assertError(postVideo(server, "/v1/models/nope/predict", down), 404, "NotFound");

        String metrics = get(server, "/metrics").body();
        assertThat(metrics).contains("actionrec_http_requests_total{route=\"/v1/models/{name}/predict\",status=\"200\"}")
                .contains("actionrec_http_request_duration_seconds_bucket").contains("actionrec_queue_depth")
                .contains("actionrec_stage_duration_seconds_count{stage=\"motion\"}")
                .contains("actionrec_stage_duration_seconds_count{stage=\"backbone\"}")
                .contains("actionrec_jobs_running").contains("actionrec_requests_running");
        assertThat(server.uploads().filesLeft()).isZero();
    }

    @Test
    void everyBadInputGetsItsOwnClientError() throws Exception {
        byte[] real = Files.readAllBytes(TestVideos.squareClip(data, "Right", 2, 1));
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("empty.avi", new byte[0]);
        corpus.put("truncated.avi", Arrays.copyOf(real, 2000));
        corpus.put("text.avi", "this is not a video, it only has the name of one\n".repeat(50)
                .getBytes(StandardCharsets.UTF_8));
        corpus.put("image.mp4", png());
        corpus.put("audio.mp4", audioOnly(tmp.resolve("tone.wav")));
        // cut inside its header, FFmpeg cannot tell the file from any other bytes
        Map<String, Integer> expected = Map.of("empty.avi", 400, "truncated.avi", 415, "text.avi", 415,
                "image.mp4", 415, "audio.mp4", 415);
        for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
            HttpResponse<String> r = postFile(server, PREDICT, "video", e.getKey(), e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(expected.get(e.getKey()));
            assertError(r, expected.get(e.getKey()), json(r).get("type").asText());
        }
        HttpResponse<String> huge = postVideo(server, PREDICT, hugeVideo(tmp.resolve("huge.avi")));
        assertError(huge, 415, "UnsupportedMediaType");
        assertThat(json(huge).get("message").asText()).contains("4128x4128");

        // an odd name is only ever echoed, cleaned, never used as a path
        HttpResponse<String> odd = postFile(server, PREDICT, "video", "../../évil name;$(x).avi", real);
        assertThat(odd.statusCode()).as(odd.body()).isEqualTo(200);
        assertThat(json(odd).get("video").asText()).isEqualTo("évil name;$(x).avi");
        assertError(postFile(server, PREDICT, "video", "bell\u0007.avi", real), 400, "BadRequest");
        assertError(postFile(server, PREDICT, "file", "x.avi", real), 400, "BadRequest");
        assertThat(server.uploads().filesLeft()).isZero();
    }

    @Test
    void serverPathsOnlyInsideTheAllowedRoot() throws Exception {
        HttpResponse<String> inside = postRaw(server, PREDICT + "?path=Still/v_Still_g01_c01.avi", new byte[0]);
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
        assertThat(json(inside).get("label").asText()).isEqualTo("Still");
        assertError(postRaw(server, PREDICT + "?path=../../../../etc/passwd", new byte[0]), 404, "NotFound");
        Path link = data.resolve("Still").resolve("link.avi");
        Files.createSymbolicLink(link, modelFile);
        try {
            assertError(postRaw(server, PREDICT + "?path=Still/link.avi", new byte[0]), 404, "NotFound");
        } finally {
            Files.delete(link);
        }
        assertError(postRaw(server, PREDICT + "?path=Still/none.avi", new byte[0]), 404, "NotFound");
        assertThat(Files.exists(TestVideos.squareClip(data, "Still", 1, 1))).isTrue(); // a named file is never deleted
    }

    @Test
    void overLimitUploadsFullQueueAndTokenAreRefusedCleanly() throws Exception {
        Path clip = TestVideos.squareClip(data, "Right", 1, 1);
        try (ActionRecServer small = ActionRecServer.start(ServerFixture.config(tmp.resolve("small"))
                        .withMaxUpload(Files.size(clip) - 1).withWorkers(1, 1).withToken("s3cret"),
                ServerFixture.catalog("squares", modelFile, 1))) {
            String[] auth = {"Authorization", "Bearer s3cret"};
            assertError(postVideo(small, PREDICT, clip), 401, "Unauthorized", small);
            assertError(postVideo(small, PREDICT, clip, "Authorization", "Bearer wrong"), 401, "Unauthorized", small);
            assertError(postVideo(small, PREDICT, clip, auth), 413, "PayloadTooLarge", small);
            assertThat(get(small, "/health/ready").statusCode()).isEqualTo(200); // health needs no token

            // one worker, one waiting: of 6 at once, some are refused with Retry-After, none fails otherwise
            Path shorter = tmp.resolve("short.avi");
            TestVideos.writeSquareMotion(shorter, 20, 10, 10, 3, 0);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.List<java.util.concurrent.Future<HttpResponse<String>>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) fs.add(pool.submit(() -> postVideo(small, PREDICT, shorter, auth)));
                int ok = 0;
                int busy = 0;
                for (var f : fs) {
                    HttpResponse<String> r = f.get();
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        assertThat(json(r).get("type").asText()).isEqualTo("ServiceUnavailable");
                        busy++;
                    }
                }
                assertThat(ok).isGreaterThanOrEqualTo(1);
                assertThat(busy).isGreaterThanOrEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(get(small, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(small.uploads().filesLeft()).isZero();
        }
    }

    @Test
    void shutdownLetsTheRunningRequestFinishAndRefusesNewOnes() throws Exception {
        Path longer = TestVideos.writeSquareMotion(tmp.resolve("longer.avi"), 400, 10, 10, 0, 0);
        ActionRecServer s = ActionRecServer.start(ServerFixture.config(tmp.resolve("stopping")).withWorkers(1, 4),
                ServerFixture.catalog("squares", modelFile, 1));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var running = pool.submit(() -> postVideo(s, PREDICT, longer));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!get(s, "/metrics").body().contains("actionrec_requests_running 1")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            var stopping = pool.submit(() -> s.stop(java.time.Duration.ofSeconds(60)));
            HttpResponse<String> ready;
            do {
                Thread.sleep(10);
                ready = get(s, "/health/ready");
            } while (ready.statusCode() == 200 && !running.isDone());
            assertThat(ready.statusCode()).isEqualTo(503);
            HttpResponse<String> refused = postVideo(s, PREDICT, longer);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(json(refused).get("message").asText()).contains("shutting down");
            assertThat(running.get().statusCode()).as(running.get().body()).isEqualTo(200);
            stopping.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String type, ActionRecServer s) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = json(r);
        assertThat(e.get("code").asInt()).isEqualTo(status);
        assertThat(e.get("type").asText()).isEqualTo(type);
        assertThat(get(s, "/health/ready").statusCode()).isEqualTo(200);
    }

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** One second of a 440 Hz tone, audio only. */
    private static byte[] audioOnly(Path file) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 1)) {
            rec.setFormat("wav");
            rec.setSampleRate(8000);
            rec.start();
            short[] samples = new short[8000];
            for (int i = 0; i < samples.length; i++) samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            rec.recordSamples(8000, 1, java.nio.ShortBuffer.wrap(samples));
            rec.stop();
        }
        return Files.readAllBytes(file);
    }

    /** Two frames of 4128 x 4128: above the service's 4096 x 4096 limit. */
    private static Path hugeVideo(Path file) throws Exception {
        int side = 4128;
        byte[] px = new byte[side * side * 3];
        RgbFrame f = new RgbFrame(side, side, px);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), side, side, 0)) {
            rec.setFormat("avi");
            rec.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(25);
            rec.start();
            for (int t = 0; t < 2; t++) {
                try (org.bytedeco.javacv.Frame frame = new org.bytedeco.javacv.Frame(side, side,
                        org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3)) {
                    java.nio.ByteBuffer buf = (java.nio.ByteBuffer) frame.image[0];
                    for (int y = 0; y < side; y++) buf.put(y * frame.imageStride, f.pixels(), y * side * 3, side * 3);
                    rec.record(frame, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24);
                }
            }
            rec.stop();
        }
        return file;
    }
}
