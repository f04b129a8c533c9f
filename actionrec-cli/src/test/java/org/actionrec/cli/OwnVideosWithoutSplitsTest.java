package org.actionrec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.actionrec.dataset.DatasetOptions;
import org.actionrec.dataset.DatasetSource;
import org.actionrec.dataset.LabelledDataset;
import org.actionrec.dataset.Split;
import org.actionrec.dataset.VideoClip;
import org.actionrec.modelfile.ModelArchive;
import org.actionrec.modelfile.ModelFile;
import org.actionrec.motion.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own folder of videos, one folder per class and no split files: videos made here of a square that moves
 * right, moves down or stands still, two clips per source ("group", UCF-style {@code _gXX_} names). {@code run}
 * and {@code train} must carve grouped folds, say so in the report and the model file, and learn the classes.
 */
class OwnVideosWithoutSplitsTest {
    static final Path MODEL = Path.of(System.getProperty("actionrec.shared", "../shared"))
            .resolve("models/mobilenet_v2/mobilenet_v2_features.onnx");
    static final int GROUPS = 4;
    static final int FRAMES = 30;

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void writeVideos() throws Exception {
        assumeTrue(Files.exists(MODEL), "skipped: backbone not found at " + MODEL.toAbsolutePath());
        data = TestVideos.writeSquareDataset(tmp.resolve("my videos"), GROUPS, FRAMES);
    }

    private static Path clip(String label, int group, int clip) {
        return TestVideos.squareClip(data, label, group, clip);
    }

    @Test
    void theFoldsKeepEachSourceOnOneSide() throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("dataset", data.toString(), "--json", "--folds", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("protocol").asText()).isEqualTo("group-kfold(k=3, seed=42)");
        assertThat(n.get("protocol_reason").asText()).contains("_gXX_");

        LabelledDataset labelled = DatasetSource.open(data, new DatasetOptions(3, 42, null, null));
        assertThat(labelled.officialSplits()).isFalse();
        assertThat(labelled.groupsKnown()).isTrue();
        Set<String> tested = new HashSet<>();
        for (Split s : labelled.splits()) {
            assertThat(s.sharedGroupsWithinClass()).as(s.name()).isEmpty();
            assertThat(s.test()).extracting(VideoClip::label).contains("Right", "Down", "Still");
            s.test().forEach(c -> assertThat(tested.add(c.relativeName())).as(c.relativeName()).isTrue());
        }
        assertThat(tested).hasSize(3 * GROUPS * 2); // every clip is tested exactly once
    }

    @Test
    void runEstimatesByFoldsAndDeliversAModelOfAllClips() throws Exception {
        Path out = tmp.resolve("run");
        CliTestSupport.Result r = CliTestSupport.run("run", "--data", data.toString(), "--out", out.toString(),
                "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(), "--streams", "rgb,mhi",
                "--folds", "3", "--c", "0.01,1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("splits")).hasSize(3);
        assertThat(report.toString()).contains("group-kfold(k=3, seed=42)");
        // a still square, one moving right and one moving down: MHI alone tells them apart
        assertThat(report.at("/mean_over_splits/fused/top1_pct").asDouble(-1)).isGreaterThan(80);
        assertThat(Files.readString(out.resolve("report.md"))).contains("group-kfold(k=3, seed=42)");

        try (ModelArchive model = ModelFile.open(out.resolve("model.actionrec"))) {
            assertThat(model.manifest().classes()).containsExactly("Down", "Right", "Still");
            assertThat(model.manifest().protocol()).containsEntry("protocol", "group-kfold(k=3, seed=42)");
            assertThat(model.manifest().protocol().get("trained_on").toString()).startsWith("all 24 labelled clips");
        }
        CliTestSupport.Result p = CliTestSupport.run("predict", "--json", "-m", out.resolve("model.actionrec")
                .toString(), "-b", MODEL.toString(), clip("Down", 2, 1).toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(new ObjectMapper().readTree(p.out()).at("/top/0/label").asText()).isEqualTo("Down");
    }

    @Test
    void trainALateFusionEnsembleOnAFoldAndPredictItsTestTop1() throws Exception {
        Path out = tmp.resolve("train");
        // the best preset's shape, small: late fusion over two streams, 2 seeds, each refitted
        CliTestSupport.Result r = CliTestSupport.run("train", "--data", data.toString(), "--out", out.toString(),
                "--store", tmp.resolve("store").toString(), "-b", MODEL.toString(), "--model", "late-fusion",
                "--model-streams", "rgb,mhi", "--frames", "4", "--epochs", "4", "--ensemble", "2", "--refit",
                "--folds", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode testFigures;
        try (ModelArchive model = ModelFile.open(out.resolve("model.actionrec"))) {
            assertThat(model.manifest().kind()).isEqualTo("trained");
            assertThat(model.manifest().protocol()).containsEntry("protocol", "group-kfold(k=3, seed=42)")
                    .containsEntry("split", "group-kfold(k=3, seed=42) split 1");
            assertThat(model.manifest().checkpoints()).hasSize(2);
            testFigures = new ObjectMapper().valueToTree(model.manifest().test());
        }

        List<String> args = new ArrayList<>(List.of("predict", "--json", "-m", out.resolve("model.actionrec")
                .toString(), "-b", MODEL.toString()));
        List<String> truth = new ArrayList<>();
        for (VideoClip c : DatasetSource.open(data, new DatasetOptions(3, 42, null, null)).splits().get(0).test()) {
            args.add(c.path().toString());
            truth.add(c.label());
        }
        CliTestSupport.Result p = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(p.exitCode()).as(p.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(p.out());
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).at("/top/0/label").asText().equals(truth.get(i))) right++;
        }
        assertThat(100.0 * right / truth.size()).as(testFigures.toString()).isCloseTo(testFigures.at("/test/top1_pct").asDouble(-1),
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
