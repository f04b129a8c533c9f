package org.actionrec.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.actionrec.eval.EvaluationSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunReportTest {
    private static SplitResult split(int k, double rgb, double mhi, double fused) {
        Map<String, EvaluationSummary> m = new LinkedHashMap<>();
        m.put("rgb", new EvaluationSummary(rgb, rgb + 30, rgb - 1, 268));
        m.put(RunReport.FUSED, new EvaluationSummary(fused, fused + 30, fused - 1, 268));
        m.put("mhi", new EvaluationSummary(mhi, mhi + 30, mhi - 1, 268));
        return new SplitResult(k, m);
    }

    private static RunReport sample(Path backboneFile) throws Exception {
        ObjectNode settings = RunReport.mapper().createObjectNode();
        settings.put("keyframes", 5).put("head", "linear-svm").put("c", 1.0);
        Provenance provenance = Provenance.now(
                Provenance.Dataset.of("/data/jhmdb", List.of("brush_hair/a.avi", "clap/b.avi")),
                new Provenance.Split("jhmdb official", List.of(1, 2, 3), "official splits: HMDB51/JHMDB split files"),
                Provenance.Backbone.of("mobilenet_v2_features", backboneFile), settings);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("extraction", 116.5);
        timings.put("training", 3.25);
        return RunReport.of("jhmdb, frozen MobileNetV2 + SVM",
                List.of(split(1, 46.7, 40.0, 54.9), split(2, 47.0, 39.0, 56.0), split(3, 46.7, 39.8, 55.6)),
                timings, 2, provenance);
    }

    @Test
    void computesMeansAndRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("weights.bin");
        Files.write(weights, "abc".getBytes(StandardCharsets.US_ASCII));
        RunReport report = sample(weights);
        assertThat(report.meanOverSplits().get("rgb").top1Pct()).isCloseTo((46.7 + 47.0 + 46.7) / 3, within(1e-9));
        assertThat(report.meanOverSplits().get(RunReport.FUSED).top1Pct()).isCloseTo((54.9 + 56 + 55.6) / 3, within(1e-9));
        assertThat(report.provenance().backbone().sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // sha256("abc")

        report.write(dir);
        RunReport back = RunReport.readJson(dir.resolve(RunReport.JSON_FILE));
        assertThat(back).isEqualTo(report);

        JsonNode json = RunReport.mapper().readTree(dir.resolve(RunReport.JSON_FILE).toFile());
        assertThat(json.at("/splits/0/streams/rgb/top1_pct").asDouble()).isEqualTo(46.7);
        assertThat(json.at("/mean_over_splits/fused/mean_class_accuracy_pct").isNumber()).isTrue();
        assertThat(json.at("/timings_seconds/extraction").asDouble()).isEqualTo(116.5);
        assertThat(json.at("/failure_count").asInt()).isEqualTo(2);
        assertThat(json.at("/provenance/versions/liblinear").asText()).isEqualTo("2.44");
        assertThat(json.at("/provenance/host/cores").asInt()).isPositive();
        assertThat(json.at("/provenance/settings/keyframes").asInt()).isEqualTo(5);
        assertThat(json.at("/provenance/split/reason").asText()).isEqualTo("official splits: HMDB51/JHMDB split files");
    }

    @Test
    void markdownHoldsTheStreamBySplitTables(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.bin");
        Files.write(weights, new byte[] {1, 2, 3});
        RunReport report = sample(weights);
        report.write(dir);
        String md = Files.readString(dir.resolve(RunReport.MARKDOWN_FILE));
        assertThat(md).contains("## Top-1 (%)", "## Top-5 (%)", "## Mean class accuracy (%)");
        assertThat(md).contains("| stream | split 1 | split 2 | split 3 | mean |");
        assertThat(md).contains("| rgb | 46.70 | 47.00 | 46.70 | 46.80 |");
        assertThat(md).contains("| **fused** | 54.90 | 56.00 | 55.60 | 55.50 |");
        // fused is listed last even though it was added between the streams
        assertThat(md.indexOf("| mhi |")).isLessThan(md.indexOf("| **fused** |"));
        assertThat(md).contains("| extraction | 116.5 |", "2 clip(s) could not be processed", "failures.csv");
        assertThat(md).contains("## Provenance", "mobilenet_v2_features", "splits [1, 2, 3]", "\"keyframes\" : 5");
        assertThat(md).contains("- split protocol chosen because: official splits: HMDB51/JHMDB split files");
    }

    @Test
    void writesFailuresCsvWithQuoting(@TempDir Path dir) throws Exception {
        Path file = FailuresCsv.write(dir, List.of(new Failure("run/a.avi", "corrupt stream, no frames"),
                new Failure("walk/\"b\".avi", "unsupported codec")));
        assertThat(Files.readAllLines(file)).containsExactly("clip,reason", "run/a.avi,\"corrupt stream, no frames\"",
                "\"walk/\"\"b\"\".avi\",unsupported codec");
    }

    @Test
    void digestsTheClipListInOrder() {
        Provenance.Dataset a = Provenance.Dataset.of("/d", List.of("x", "y"));
        Provenance.Dataset b = Provenance.Dataset.of("/d", List.of("y", "x"));
        assertThat(a.clipCount()).isEqualTo(2);
        assertThat(a.clipListSha256()).hasSize(64).isNotEqualTo(b.clipListSha256());
        assertThat(a.clipListSha256()).isEqualTo(Provenance.sha256("x\ny".getBytes(StandardCharsets.UTF_8)));
    }
}
