package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
    void aMissingSourceIsOneLineAndAnError() {
        CliTestSupport.Result r = CliTestSupport.run("live", tmp.resolve("nope.mp4").toString(), "-m", model.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nope.mp4").contains("file not found");
    }
}
