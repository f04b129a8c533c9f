package org.actionrec.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.actionrec.eval.EvaluationSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelComparisonTest {
    private static final double EPS = 1e-9;

    private static Map<String, Double> extra(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    private static ModelComparison.Entry entry(String model, int split, double top1, double top5, double mca, int clips,
                                               double trainS, double infMs, Map<String, Double> extra) {
        return new ModelComparison.Entry(model, "the " + model + " model", split,
                new EvaluationSummary(top1, top5, mca, clips), trainS, infMs, extra);
    }

    /** svm and lstm on splits 1 and 2 (interleaved), mlp on split 1 only. */
    private static List<ModelComparison.Entry> entries() {
        return List.of(
                entry("svm", 1, 40.0, 70.0, 38.0, 100, 10.0, 2.0,
                        extra("shuffled_top1_pct", 10.0, "before_nbtl_top1_pct", 35.0)),
                entry("lstm", 1, 60.0, 85.0, 55.0, 100, 100.0, 5.5, extra("shuffled_top1_pct", 30.0)),
                entry("svm", 2, 50.0, 80.0, 47.0, 110, 14.0, 3.0, extra("shuffled_top1_pct", 12.0)),
                entry("lstm", 2, 62.0, 90.0, 58.0, 110, 121.0, 6.0, extra("shuffled_top1_pct", 33.0)),
                entry("mlp", 1, 45.5, 75.0, 44.2, 100, 3.0, 0.5, Map.of()));
    }

    private static Provenance provenance() {
        ObjectNode settings = RunReport.mapper().createObjectNode();
        settings.put("keyframes", 5).put("head", "linear-svm");
        return new Provenance(
                Provenance.Dataset.of("/data/jhmdb", List.of("a/1.avi", "b/2.avi")),
                new Provenance.Split("jhmdb official", List.of(1, 2), null),
                new Provenance.Backbone("mobilenet_v2_features", "/models/m.pt", "ab12"),
                settings,
                new Provenance.Versions("0.1", "17", "0.30.0", "1.5.10", "6.1", "4.9", "2.44"),
                "2024-05-01T12:00:00+02:00",
                new Provenance.Host(2, "Linux", "amd64", 4096));
    }

    private static ModelComparison sample() {
        return new ModelComparison("jhmdb: heads compared", entries(), provenance());
    }

    @Test
    void groupsByModelInFirstAppearanceOrderAndAveragesOverSplits() {
        List<ModelComparison.Row> rows = sample().rows();
        assertThat(rows).extracting(ModelComparison.Row::model).containsExactly("svm", "lstm", "mlp");

        ModelComparison.Row svm = rows.get(0);
        assertThat(svm.description()).isEqualTo("the svm model");
        assertThat(svm.splits()).containsExactly(1, 2);
        assertThat(svm.meanTest().top1Pct()).isCloseTo(45.0, within(EPS));
        assertThat(svm.meanTest().top5Pct()).isCloseTo(75.0, within(EPS));
        assertThat(svm.meanTest().meanClassAccuracyPct()).isCloseTo(42.5, within(EPS));
        assertThat(svm.meanTest().clips()).isEqualTo(210);
        assertThat(svm.meanTrainingSeconds()).isCloseTo(12.0, within(EPS));
        assertThat(svm.meanInferenceMsPerClip()).isCloseTo(2.5, within(EPS));
        // an extra figure is averaged over the splits that have it
        assertThat(svm.meanExtra()).containsExactly(Map.entry("shuffled_top1_pct", 11.0),
                Map.entry("before_nbtl_top1_pct", 35.0));

        ModelComparison.Row lstm = rows.get(1);
        assertThat(lstm.splits()).containsExactly(1, 2);
        assertThat(lstm.meanTest().top1Pct()).isCloseTo(61.0, within(EPS));
        assertThat(lstm.meanTest().meanClassAccuracyPct()).isCloseTo(56.5, within(EPS));
        assertThat(lstm.meanTrainingSeconds()).isCloseTo(110.5, within(EPS));
        assertThat(lstm.meanInferenceMsPerClip()).isCloseTo(5.75, within(EPS));
        assertThat(lstm.meanExtra()).containsExactly(Map.entry("shuffled_top1_pct", 31.5));

        ModelComparison.Row mlp = rows.get(2);
        assertThat(mlp.splits()).containsExactly(1);
        assertThat(mlp.meanTest()).isEqualTo(new EvaluationSummary(45.5, 75.0, 44.2, 100));
        assertThat(mlp.meanExtra()).isEmpty();
    }

    @Test
    void csvHasOneLinePerEntryExtraColumnsAndMeanLines(@TempDir Path dir) throws Exception {
        sample().write(dir);
        List<String> lines = Files.readAllLines(dir.resolve(ModelComparison.CSV_FILE));
        assertThat(lines).containsExactly(
                "model,split,top1_pct,top5_pct,mean_class_accuracy_pct,training_s,inference_ms_per_clip,"
                        + "shuffled_top1_pct,before_nbtl_top1_pct",
                "svm,1,40,70,38,10,2,10,35",
                "svm,2,50,80,47,14,3,12,",
                "svm,mean,45,75,42.5,12,2.5,11,35",
                "lstm,1,60,85,55,100,5.5,30,",
                "lstm,2,62,90,58,121,6,33,",
                "lstm,mean,61,87.5,56.5,110.5,5.75,31.5,",
                // one split only: no mean line
                "mlp,1,45.5,75,44.2,3,0.5,,");
    }

    @Test
    void markdownTableHoldsEachModelsAveragedNumbers(@TempDir Path dir) throws Exception {
        sample().write(dir);
        String md = Files.readString(dir.resolve(ModelComparison.MARKDOWN_FILE));
        assertThat(md).startsWith("# jhmdb: heads compared\n");
        assertThat(md).contains("| Model | Splits | Top-1 % | Mean class acc. % | Training s | Inference ms/clip |"
                + " shuffled_top1_pct | before_nbtl_top1_pct |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        assertThat(md).contains("| svm | 1, 2 | 45.0 | 42.5 | 12.0 | 2.50 | 11.0 | 35.0 |\n");
        assertThat(md).contains("| lstm | 1, 2 | 61.0 | 56.5 | 110.5 | 5.75 | 31.5 | – |\n");
        assertThat(md).contains("| mlp | 1 | 45.5 | 44.2 | 3.0 | 0.50 | – | – |\n");
        assertThat(md.indexOf("| svm |")).isLessThan(md.indexOf("| lstm |"));
        assertThat(md.indexOf("| lstm |")).isLessThan(md.indexOf("| mlp |"));
        assertThat(md).contains("- **lstm**: the lstm model");
        assertThat(md).contains("## Provenance", "jhmdb official, splits [1, 2]", "mobilenet_v2_features");
    }

    @Test
    void markdownLeavesOutMissingProvenanceAndEscapesPipes(@TempDir Path dir) throws Exception {
        ModelComparison c = new ModelComparison("no provenance",
                List.of(entry("rgb|flow, fused", 1, 50.0, 80.0, 49.0, 10, 1.0, 1.0, Map.of())), null);
        c.write(dir);
        String md = Files.readString(dir.resolve(ModelComparison.MARKDOWN_FILE));
        assertThat(md).doesNotContain("Provenance");
        assertThat(md).contains("| rgb\\|flow, fused | 1 | 50.0 | 49.0 | 1.0 | 1.00 |\n");
        // the comma in the name is quoted in the CSV, and no extra columns means none in the header
        assertThat(Files.readAllLines(dir.resolve(ModelComparison.CSV_FILE))).containsExactly(
                "model,split,top1_pct,top5_pct,mean_class_accuracy_pct,training_s,inference_ms_per_clip",
                "\"rgb|flow, fused\",1,50,80,49,1,1");
        assertThat(ModelComparison.read(dir.resolve(ModelComparison.JSON_FILE))).isEqualTo(c);
    }

    @Test
    void pngIsA900By500Picture(@TempDir Path dir) throws Exception {
        sample().write(dir);
        Path png = dir.resolve(ModelComparison.PNG_FILE);
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(distinctColours(image)).isGreaterThan(3); // something was drawn, not a blank canvas
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 5) {
            for (int x = 0; x < image.getWidth(); x += 5) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void jsonRoundTripsAndCarriesRows(@TempDir Path dir) throws Exception {
        ModelComparison c = sample();
        c.write(dir);
        Path json = dir.resolve(ModelComparison.JSON_FILE);
        ModelComparison back = ModelComparison.read(json);
        assertThat(back).isEqualTo(c);
        assertThat(back.entries().get(0).extra().keySet())
                .containsExactly("shuffled_top1_pct", "before_nbtl_top1_pct");

        JsonNode node = RunReport.mapper().readTree(json.toFile());
        assertThat(node.at("/entries/0/test/top1_pct").asDouble()).isEqualTo(40.0);
        assertThat(node.at("/entries/0/training_seconds").asDouble()).isEqualTo(10.0);
        assertThat(node.at("/entries/0/inference_ms_per_clip").asDouble()).isEqualTo(2.0);
        assertThat(node.at("/entries/0/extra/before_nbtl_top1_pct").asDouble()).isEqualTo(35.0);
        assertThat(node.at("/rows").size()).isEqualTo(3);
        assertThat(node.at("/rows/1/model").asText()).isEqualTo("lstm");
        assertThat(node.at("/rows/1/mean_test/top1_pct").asDouble()).isEqualTo(61.0);
        assertThat(node.at("/rows/0/mean_extra/shuffled_top1_pct").asDouble()).isEqualTo(11.0);
        assertThat(node.at("/provenance/settings/keyframes").asInt()).isEqualTo(5);
        assertThat(Files.readString(json)).contains("\n  \"title\""); // indented
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> new ModelComparison("t", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one entry");
        assertThatThrownBy(() -> new ModelComparison("t", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry(" ", 1, 50, 80, 49, 10, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> entry(null, 1, 50, 80, 49, 10, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry("svm", 1, Double.NaN, 80, 49, 10, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top1_pct");
        assertThatThrownBy(() -> entry("svm", 1, 50, Double.POSITIVE_INFINITY, 49, 10, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top5_pct");
        assertThatThrownBy(() -> entry("svm", 1, 50, 80, Double.NaN, 10, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean_class_accuracy_pct");
        assertThatThrownBy(() -> entry("svm", 1, 50, 80, 49, 10, 1, 1, extra("shuffled_top1_pct", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shuffled_top1_pct");
        assertThatThrownBy(() -> entry("svm", 1, 50, 80, 49, 10, -1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training_seconds");
        assertThatThrownBy(() -> new ModelComparison.Entry("svm", "", 1, null, 1, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test summary");
        List<ModelComparison.Entry> twice = new ArrayList<>(entries());
        twice.add(entry("svm", 2, 50, 80, 49, 10, 1, 1, Map.of()));
        assertThatThrownBy(() -> new ModelComparison("t", twice, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("svm has split 2 twice");
    }

    @Test
    void entryKeepsExtraInsertionOrderAndNullMeansEmpty() {
        ModelComparison.Entry e = entry("svm", 1, 50, 80, 49, 10, 1, 1,
                extra("z_pct", 1.0, "a_pct", 2.0, "m_s", 3.0));
        assertThat(e.extra().keySet()).containsExactly("z_pct", "a_pct", "m_s");
        assertThat(entry("svm", 1, 50, 80, 49, 10, 1, 1, null).extra()).isEmpty();
    }
}
