package org.actionrec.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.backbone.Backbone;
import org.actionrec.backbone.BackboneOptions;
import org.actionrec.backbone.BackboneRegistry;
import org.actionrec.backbone.Backbones;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.model.pool.PoolSettings;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.motion.TestVideos;
import org.actionrec.recognizer.FrozenRecognizerJob;
import org.actionrec.streams.Stream;
import org.actionrec.streams.StreamConfig;

/** Models the service tests serve, trained here on data the tests make or read, and a small HTTP client. */
final class ServerFixture {
    static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));
    static final Path BACKBONE = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerFixture() {
    }

    static void assumeBackbone() {
        assumeTrue(Files.exists(BACKBONE), "skipped: backbone not found at " + BACKBONE.toAbsolutePath());
    }

    /** A frozen rgb + mhi pool on {@link TestVideos#writeSquareDataset} (3 classes, 24 clips), as model.actionrec. */
    static Path trainPool(Path data, Path dir) throws Exception {
        StreamConfig streams = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB, Stream.MHI));
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, dir.resolve("out"),
                dir.resolve("store"), streams, 1, PoolSettings.DEFAULTS.withCValues(List.of(0.01, 1.0)), List.of(1),
                false, new DatasetOptions(3, 42, null, null)));
        try (Backbone b = Backbones.open(BACKBONE, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            job.run(List.of(b), FrozenRecognizerJob.Listeners.NONE);
        }
        return dir.resolve("out").resolve(ModelFile.FILE_NAME);
    }

    /**
     * A frozen rgb + mhi pool on a few JHMDB classes (the first {@code clipsPerClass} clips of each; every
     * fourth a test clip), as model.actionrec; its test clips are added to {@code testClips}.
     */
    static Path trainJhmdbPool(List<String> classes, int clipsPerClass, Path dir, List<Path> testClips)
            throws Exception {
        Path jhmdb = org.actionrec.SharedData.jhmdb();
        Path data = Files.createDirectories(dir.resolve("jhmdb-mini"));
        Path splits = Files.createDirectories(data.resolve("splits"));
        for (String c : classes) {
            Path folder = Files.createDirectories(data.resolve(c));
            List<Path> clips;
            try (java.util.stream.Stream<Path> s = Files.list(jhmdb.resolve(c))) {
                clips = s.sorted().limit(clipsPerClass).toList();
            }
            List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                Path link = folder.resolve(clips.get(i).getFileName());
                Files.createSymbolicLink(link, clips.get(i));
                lines.add(clips.get(i).getFileName() + (i % 4 == 0 ? " 2" : " 1"));
                if (i % 4 == 0) testClips.add(clips.get(i));
            }
            Files.write(splits.resolve(c + "_test_split1.txt"), lines);
        }
        StreamConfig streams = StreamConfig.ALL_STREAMS.withStreams(EnumSet.of(Stream.RGB, Stream.MHI));
        FrozenRecognizerJob job = new FrozenRecognizerJob(new FrozenRecognizerJob.Config(data, dir.resolve("out"),
                dir.resolve("store"), streams, 1, PoolSettings.DEFAULTS.withCValues(List.of(0.01, 1.0)), List.of(1)));
        try (Backbone b = Backbones.open(BACKBONE, BackboneRegistry.standard().require("mobilenet_v2"),
                BackboneOptions.defaults())) {
            job.run(List.of(b), FrozenRecognizerJob.Listeners.NONE);
        }
        return dir.resolve("out").resolve(ModelFile.FILE_NAME);
    }

    static ModelCatalog catalog(String name, Path modelFile, int sessions) throws Exception {
        ActionRecognizer r = ActionRecognizer.open(modelFile, RecognizerOptions.defaults()
                .withBackbone(BACKBONE.toString()).withSessions(sessions, 1));
        return new ModelCatalog(List.of(new ModelCatalog.Entry(name, modelFile, r)));
    }

    static ServerConfig config(Path tmp) {
        return ServerConfig.defaults().withPort(0).withWorkers(2, 16).withTempRoot(tmp);
    }

    static URI uri(ActionRecServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.port() + path);
    }

    /** An answer's body as JSON. */
    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> get(ActionRecServer s, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data POST with one file field named {@code field}. */
    static HttpResponse<String> postFile(ActionRecServer s, String path, String field, String fileName, byte[] content,
                                         String... headers) throws IOException, InterruptedException {
        String boundary = "----actionrec" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postVideo(ActionRecServer s, String path, Path video, String... headers)
            throws IOException, InterruptedException {
        return postFile(s, path, "video", video.getFileName().toString(), Files.readAllBytes(video), headers);
    }

    static HttpResponse<String> postRaw(ActionRecServer s, String path, byte[] body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
