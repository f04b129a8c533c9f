package org.actionrec.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.sun.net.httpserver.HttpServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.actionrec.ActionRecognizer;
import org.actionrec.RecognizerOptions;
import org.actionrec.motion.TestVideos;
import org.actionrec.timeline.SquareActions;
import org.actionrec.timeline.Timeline;
import org.actionrec.timeline.TimelineOptions;
import org.actionrec.timeline.TimelineWriter;
import org.actionrec.timeline.WindowResult;
import org.actionrec.video.VideoReadException;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained by the test on two synthetic actions (a square moving right, a square moving down) recognises
 * a video of both in sequence, as a timeline and live: from the file, from UDP, HTTP and RTSP streams served on
 * 127.0.0.1 that stop mid-way, and refuses bad sources with their typed errors.
 */
class TimelineAndLiveTest {
    static final int RIGHT = 100;
    static final int DOWN = 90;
    @TempDir
    static Path tmp;
    static ActionRecognizer recognizer;
    static Path modelFile;
    static Path turn;

    @BeforeAll
    static void train() throws Exception {
        modelFile = SquareActions.trainModel(tmp);
        recognizer = ActionRecognizer.open(modelFile);
        turn = SquareActions.rightThenDown(tmp.resolve("right_then_down.avi"), RIGHT, DOWN);
    }

    @AfterAll
    static void close() {
        if (recognizer != null) recognizer.close();
    }

    @Test
    void theTimelineFindsTheChangeWithinOneStride() throws Exception {
        Timeline t = recognizer.timeline(turn, TimelineOptions.DEFAULTS);
        assertThat(t.fps()).isEqualTo(SquareActions.FPS);
        assertThat(t.frames()).isEqualTo(RIGHT + DOWN);
        // the model file records its training clips: 30 frames at 25 fps, so 1.2 s windows every 0.48 s (2 keyframe spacings)
        assertThat(t.windowS()).isEqualTo(1.2);
        assertThat(t.strideS()).isEqualTo(0.48);
        assertThat(t.provenance().toString()).contains("lower quartile of the training clip durations");
        assertThat(t.segments()).extracting(Timeline.Segment::label).containsExactly("right", "down");
        double change = RIGHT / (double) SquareActions.FPS;
        assertThat(t.segments().get(0).endS()).isCloseTo(change, org.assertj.core.data.Offset.offset(t.strideS()));
        assertThat(t.segments().get(1).endS()).isEqualTo(t.durationS());
        Path out = Files.createDirectories(tmp.resolve("timeline"));
        TimelineWriter.writeAll(out, t, recognizer.classes());
        assertThat(Files.readString(out.resolve(TimelineWriter.VTT))).contains("right").contains("down");
    }

    @Test
    void liveOnAFileGivesTheWindowsOfItsTimeline() throws Exception {
        Timeline t = recognizer.timeline(turn, TimelineOptions.DEFAULTS);
        List<WindowResult> live = new ArrayList<>();
        LiveSummary s = recognizer.live(new LiveRun(Source.file(turn), LiveOptions.DEFAULTS), live::add);
        assertThat(s.ended()).isEqualTo("end of file");
        assertThat(s.dropped()).isZero();
        assertThat(live).hasSameSizeAs(t.windows());
        for (int i = 0; i < live.size(); i++) {
            Timeline.Window w = t.windows().get(i);
            assertThat(live.get(i).startS()).isEqualTo(w.startS());
            assertThat(live.get(i).endS()).isEqualTo(w.endS());
            assertThat(live.get(i).probabilities()).containsExactly(w.probabilities());
        }
        // played in real time, the same file takes its duration; latency is measured (its bound is the benchmark's
        // business: a test on a shared machine cannot promise one)
        List<WindowResult> realtime = new ArrayList<>();
        LiveSummary r = recognizer.live(new LiveRun(Source.file(turn), LiveOptions.DEFAULTS.withRealtime(true)),
                realtime::add);
        assertThat(r.seconds()).isGreaterThan(0.9 * t.durationS());
        assertThat(r.windows() + r.dropped()).isPositive();
        assertThat(r.latencyP95S()).isPositive().isLessThan(r.seconds());
    }

    @Test
    void twoBackboneSessionsSharingEachWindowGiveTheWindowsOfOne() throws Exception {
        Timeline one = recognizer.timeline(turn, TimelineOptions.DEFAULTS);
        try (ActionRecognizer two = ActionRecognizer.open(modelFile, RecognizerOptions.defaults().forWindows())) {
            Timeline t = two.timeline(turn, TimelineOptions.DEFAULTS);
            assertThat(t.windows()).hasSameSizeAs(one.windows());
            for (int i = 0; i < t.windows().size(); i++) {
                double[] expected = one.windows().get(i).probabilities();
                double[] actual = t.windows().get(i).probabilities();
                for (int c = 0; c < expected.length; c++) {
                    assertThat(actual[c]).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(1e-5));
                }
            }
            assertThat(t.segments()).extracting(Timeline.Segment::label, Timeline.Segment::startS,
                    Timeline.Segment::endS).containsExactlyElementsOf(one.segments().stream().map(g -> org.assertj.core
                    .groups.Tuple.tuple(g.label(), g.startS(), g.endS())).toList());
        }
    }

    @Test
    void stopEndsARunCleanlyWithWhatWasRecognised() throws Exception {
        LiveRun run = new LiveRun(Source.file(turn), LiveOptions.DEFAULTS.withRealtime(true));
        List<WindowResult> seen = Collections.synchronizedList(new ArrayList<>());
        LiveSummary s = recognizer.live(run, w -> {
            seen.add(w);
            run.stop(); // as Ctrl-C does, from the listener here
        });
        assertThat(s.ended()).isEqualTo("stopped");
        assertThat(seen).isNotEmpty();
        assertThat(s.seconds()).isLessThan(turn.toFile().length() > 0 ? RIGHT / (double) SquareActions.FPS : 0);
    }

    @Test
    void aStreamServedOnLocalhostIsRecognisedAndItsLossEndsCleanly() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "udp://127.0.0.1:" + port;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            recognisedUntilLost(url, () -> {
                Thread.sleep(500); // the receiver listens before the sender starts
                return sender.submit(() -> serve(url, RIGHT + DOWN, Map.of()));
            });
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void anHttpStreamIsRecognisedAndItsEndIsALossThatEndsCleanly() throws Exception {
        // MPEG-TS over HTTP from a server on 127.0.0.1, paced at the video's frame rate; once it has sent the
        // stream it stops, so reconnecting fails. (Not FFmpeg's own HTTP server: JavaCV opens recorders and
        // grabbers under one lock, which a recorder waiting for its client would hold.)
        Path ts = tmp.resolve("camera.ts");
        serve(ts.toString(), RIGHT + DOWN, Map.of());
        byte[] bytes = Files.readAllBytes(ts);
        double seconds = (RIGHT + DOWN) / (double) SquareActions.FPS;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.CompletableFuture<Integer> sent = new java.util.concurrent.CompletableFuture<>();
        server.createContext("/camera.ts", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp2t");
            exchange.sendResponseHeaders(200, 0); // chunked, as a live stream
            try (var body = exchange.getResponseBody()) {
                int chunks = 40;
                long start = System.nanoTime();
                for (int c = 0; c < chunks; c++) {
                    int from = (int) ((long) bytes.length * c / chunks);
                    int to = (int) ((long) bytes.length * (c + 1) / chunks);
                    body.write(bytes, from, to - from);
                    body.flush();
                    long due = start + (long) (seconds * 1e9 * (c + 1) / chunks);
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sent.complete(RIGHT + DOWN);
                new Thread(() -> server.stop(0)).start(); // gone: a reconnect finds nobody
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/camera.ts";
            recognisedUntilLost(url, () -> sent);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anRtspStreamIsRecognisedAndItsEndIsALossThatEndsCleanly() throws Exception {
        Path ts = tmp.resolve("rtsp.ts");
        serve(ts.toString(), RIGHT + DOWN, Map.of());
        double seconds = (RIGHT + DOWN) / (double) SquareActions.FPS;
        try (LoopbackRtspServer server = LoopbackRtspServer.start(Files.readAllBytes(ts), seconds)) {
            recognisedUntilLost(server.url(), () -> server.sent().thenApply(packets -> RIGHT + DOWN));
            assertThat(server.transports()).hasSize(1);
            assertThat(server.transports().get(0)).startsWith("RTP/AVP");
        }
    }

    /**
     * Recognises {@code url} live while {@code send} serves the two-action video there in real time, and checks
     * that the sender's end is a lost stream: reconnects tried, then a clean end with the windows recognised.
     */
    private static void recognisedUntilLost(String url, Callable<Future<Integer>> send) throws Exception {
        ReconnectPolicy policy = new ReconnectPolicy(2, Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofSeconds(2));
        LiveRun run = new LiveRun(Source.parse(url), LiveOptions.DEFAULTS.withReconnect(policy));
        List<WindowResult> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<LiveSummary> live = pool.submit(() -> recognizer.live(run, seen::add));
            Future<Integer> sent = send.call();
            assertThat(sent.get(60, TimeUnit.SECONDS)).isEqualTo(RIGHT + DOWN);
            LiveSummary s = live.get(60, TimeUnit.SECONDS);
            assertThat(s.ended()).startsWith("gave up after 2 reconnect attempts");
            assertThat(s.reconnects()).isGreaterThanOrEqualTo(2);
            assertThat(s.frames()).isGreaterThan(RIGHT);
            assertThat(seen).isNotEmpty();
            assertThat(seen).extracting(w -> recognizer.classes().get(w.best())).contains("right");
        } finally {
            run.stop();
            pool.shutdownNow();
        }
    }

    /**
     * Sends the two-action video as MPEG-TS to {@code url} in real time, then stops: the stream is gone mid-way
     * (a file name: written to that file at once).
     */
    static int serve(String url, int frames, Map<String, String> options) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(url, SquareActions.W, SquareActions.H, 0)) {
            rec.setFormat("mpegts");
            rec.setVideoCodec(AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(SquareActions.FPS);
            rec.setVideoQuality(2);
            rec.setGopSize(10);
            options.forEach(rec::setOption);
            rec.start();
            long start = System.nanoTime();
            for (int t = 0; t < frames; t++) {
                TestVideos.record(rec, t < RIGHT ? SquareActions.right(t, 10, 10)
                        : SquareActions.down(t - RIGHT, 10 + SquareActions.SPEED * RIGHT, 10));
                long due = start + t * 1_000_000_000L / SquareActions.FPS;
                long wait = due - System.nanoTime();
                if (wait > 0 && url.contains("://")) Thread.sleep(wait / 1_000_000);
            }
            rec.stop();
        }
        return frames;
    }

    @Test
    void emptyCorruptAndFramelessSourcesGiveTheirTypedErrors() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        Path corrupt = tmp.resolve("corrupt.avi");
        byte[] noise = new byte[20_000];
        new java.util.Random(7).nextBytes(noise);
        Files.write(corrupt, noise);
        Path frameless = tmp.resolve("frameless.avi");
        TestVideos.writeFrames(frameless, 0, SquareActions.FPS, t -> SquareActions.right(0, 10, 10));
        for (var c : List.of(List.of(empty, VideoReadException.Reason.EMPTY_FILE),
                List.of(corrupt, VideoReadException.Reason.NOT_A_VIDEO),
                List.of(frameless, VideoReadException.Reason.NO_FRAMES),
                List.of(tmp.resolve("missing.avi"), VideoReadException.Reason.NOT_FOUND))) {
            Path file = (Path) c.get(0);
            assertThatThrownBy(() -> recognizer.timeline(file, TimelineOptions.DEFAULTS)).as(file.toString())
                    .isInstanceOfSatisfying(VideoReadException.class, e -> {
                        assertThat(e.reason()).isEqualTo(c.get(1));
                        assertThat(e.getMessage()).contains(file.getFileName().toString());
                    });
            assertThatThrownBy(() -> recognizer.live(new LiveRun(Source.file(file), LiveOptions.DEFAULTS), w -> { }))
                    .isInstanceOfSatisfying(VideoReadException.class, e -> assertThat(e.reason()).isEqualTo(c.get(1)));
        }
    }
}
