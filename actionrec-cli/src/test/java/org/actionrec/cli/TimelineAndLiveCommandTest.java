package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** timeline and live on a model that run writes for 2 JHMDB classes (6 clips each, rgb). */
class TimelineAndLiveCommandTest {
    static final Path SHARED = Path.of(System.getProperty("actionrec.shared", "../shared"));
    static final Path JHMDB = SHARED.resolve("data/jhmdb");
    static final Path BACKBONE = SHARED.resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");

    @TempDir
    static Path tmp;
    static Path model;
    static Path clip;

    @BeforeAll
    static void trainAPool() throws Exception {
        assumeTrue(Files.isDirectory(JHMDB) && Files.exists(BACKBONE), "skipped: shared data or model not found under "
                + SHARED);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path splits = Files.createDirectories(data.resolve("splits"));
        for (String c : List.of("golf", "pullup")) {
            Path dir = Files.createDirectories(data.resolve(c));
            List<Path> clips;
            try (Stream<Path> s = Files.list(JHMDB.resolve(c))) {
                clips = s.sorted().limit(6).toList();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                Files.createSymbolicLink(dir.resolve(clips.get(i).getFileName()), clips.get(i));
                lines.add(clips.get(i).getFileName() + (i % 3 == 0 ? " 2" : " 1"));
            }
            Files.write(splits.resolve(c + "_test_split1.txt"), lines);
            if (clip == null) clip = clips.get(0);
        }
        CliTestSupport.Result run = CliTestSupport.run("run", "--data", data.toString(), "--out",
                tmp.resolve("out").toString(), "--store", tmp.resolve("store").toString(), "-b", BACKBONE.toString(),
                "--streams", "rgb", "--c", "0.01,1", "--embed-backbone");
        assertThat(run.exitCode()).as(run.err()).isZero();
        model = tmp.resolve("out").resolve("model.actionrec");
    }

    @Test
    void timelineWritesItsFilesAndPrintsItsJson() throws Exception {
        Path out = tmp.resolve("timeline");
        CliTestSupport.Result r = CliTestSupport.run("timeline", clip.toString(), "-m", model.toString(), "--out",
                out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("windows of").contains("golf");
        for (String f : List.of("timeline.json", "timeline.vtt", "timeline.srt", "timeline_activitynet.json",
                "timeline.csv", "timeline.png")) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        CliTestSupport.Result json = CliTestSupport.run("timeline", clip.toString(), "-m", model.toString(), "--json",
                "--window", "0.5", "--stride", "0.25");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode t = new ObjectMapper().readTree(json.out());
        assertThat(t.get("window_s").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(t.get("windows").size()).isGreaterThan(1);
        assertThat(t.at("/provenance/model/backbone_sha256").asText()).hasSize(64);
    }

    @Test
    void liveGivesOneJsonLinePerWindowAndASummary() throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("live", clip.toString(), "-m", model.toString(), "--json-lines",
                "--window", "0.5", "--stride", "0.25");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).isNotEmpty();
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.has("start_s") && first.has("latency_s") && first.get("top").size() == 2).isTrue();
        assertThat(r.err()).contains("end of file").contains(lines.size() + " windows").contains("0 dropped");
    }

    @Test
    void aTrainedDescriptorModelFusedWithFrozenSvmsGivesATimelineToo() throws Exception {
        // late fusion over 4 frame descriptors, fused with an mhi SVM on 3 keyframes: two descriptor sets of
        // different K, both sampled from every window
        Path outDir = tmp.resolve("late-fusion");
        CliTestSupport.Result train = CliTestSupport.run("train", "--model", "late-fusion", "--data",
                tmp.resolve("data").toString(), "--out", outDir.toString(), "--store", tmp.resolve("store").toString(),
                "-b", BACKBONE.toString(), "--frames", "4", "--epochs", "2", "--fuse-scores-with", "mhi",
                "--fuse-keyframes", "3");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path trained = outDir.resolve("late-fusion/split1/model.actionrec");
        CliTestSupport.Result r = CliTestSupport.run("timeline", clip.toString(), "-m", trained.toString(), "-b",
                BACKBONE.toString(), "--json", "--window", "0.6", "--stride", "0.3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode t = new ObjectMapper().readTree(r.out());
        assertThat(t.get("windows").size()).isGreaterThan(1);
        assertThat(t.at("/provenance/model/model").asText()).isEqualTo("late-fusion");
        assertThat(t.at("/segments/0/label").asText()).isIn("golf", "pullup");
    }

    @Test
    void ctrlCStopsALiveRunCleanlyWithItsSummary() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "skipped: no kill command to send SIGINT with");
        Path video = tmp.resolve("twenty-seconds.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(video.toFile(), 160, 120)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(30);
            rec.setVideoQuality(5);
            rec.start();
            Java2DFrameConverter converter = new Java2DFrameConverter();
            BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < 600; i++) {
                Graphics2D g = image.createGraphics();
                g.setColor(Color.DARK_GRAY);
                g.fillRect(0, 0, 160, 120);
                g.setColor(Color.WHITE);
                g.fillRect(10 + (i * 2) % 120, 40, 30, 30);
                g.dispose();
                rec.record(converter.convert(image));
            }
        }
        Path out = tmp.resolve("ctrl-c.out");
        Path err = tmp.resolve("ctrl-c.err");
        Process p = CliTestSupport.childJvm("live", video.toString(), "-m", model.toString(), "--realtime",
                "--json-lines", "--window", "0.5", "--stride", "0.25").redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(out).size() < 3) {
                assertThat(p.isAlive()).as("the live run ended before it was stopped: " + Files.readString(err)).isTrue();
                assertThat(System.nanoTime()).as("3 windows within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
            assertThat(p.exitValue()).isEqualTo(130); // the JVM's status after SIGINT, once its hooks are done
            List<String> lines = Files.readAllLines(out);
            for (String line : lines) assertThat(new ObjectMapper().readTree(line).has("top")).as(line).isTrue();
            // 20 s at 0.25 s strides would be about 78 windows; stopped within a few seconds of playing
            assertThat(lines.size()).isBetween(3, 40);
            assertThat(Files.readString(err)).contains(": stopped;").contains(lines.size() + " windows");
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    @Test
    void aMissingSourceIsOneLineAndAnError() {
        CliTestSupport.Result r = CliTestSupport.run("live", tmp.resolve("nope.mp4").toString(), "-m", model.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nope.mp4").contains("file not found");
    }

    /**
     * A served model is unpacked into a folder named after the process: SIGTERM removes it with the upload folder,
     * and the folders a killed (SIGKILL) service left are removed when the next one starts.
     */
    @Test
    void serveRemovesItsFoldersAtExitAndTheNextStartRemovesThoseOfAKilledOne() throws Exception {
        Path temp = Files.createDirectories(tmp.resolve("serve-temp"));
        Process killed = startServe(temp);
        try {
            assertThat(folders(temp, killed.pid())).hasSize(2); // the unpacked model and the uploads
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(folders(temp, killed.pid())).hasSize(2); // a killed process deletes nothing
        } finally {
            if (killed.isAlive()) killed.destroyForcibly();
        }
        Process next = startServe(temp);
        try {
            assertThat(folders(temp, killed.pid())).isEmpty();
            assertThat(folders(temp, next.pid())).hasSize(2);
            next.destroy(); // SIGTERM: the graceful stop
            assertThat(next.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
            assertThat(folders(temp, next.pid())).isEmpty();
        } finally {
            if (next.isAlive()) next.destroyForcibly();
        }
    }

    /** `serve` on a free port with {@code temp} as its temporary folder, once it says it is serving. */
    private static Process startServe(Path temp) throws Exception {
        ProcessBuilder pb = CliTestSupport.childJvm("serve", "-m", model.toString(), "--port", "0", "--workers", "1");
        pb.command().add(1, "-Djava.io.tmpdir=" + temp);
        Process p = pb.redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        java.util.concurrent.CompletableFuture<Boolean> serving = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("serving ")) return true;
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try {
            assertThat(serving.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                    .as("serve started").isTrue();
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
        java.util.concurrent.CompletableFuture.runAsync(() -> { // keep reading so the child never blocks on output
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the child ended
            }
        });
        return p;
    }

    private static List<Path> folders(Path temp, long pid) throws Exception {
        try (Stream<Path> s = Files.list(temp)) {
            return s.filter(f -> f.getFileName().toString().matches("actionrec-(model|uploads)-" + pid + "-.*")).toList();
        }
    }
}
