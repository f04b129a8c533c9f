package org.actionrec.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.actionrec.eval.Csv;
import org.actionrec.eval.EvaluationSummary;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Several trained models side by side on the same split(s): one {@link Entry} per model and split, and one
 * {@link Row} per model with its figures averaged over its splits. Written as {@code comparison.json},
 * {@code comparison.csv}, {@code comparison.md} and a bar chart {@code comparison.png}.
 *
 * @param provenance where the numbers came from; may be null, then left out of the Markdown
 */
// rows are derived from entries: written for readers of the JSON, ignored (recomputed) when read back
@JsonIgnoreProperties(value = "rows", allowGetters = true)
@JsonPropertyOrder({"title", "entries", "rows", "provenance"})
public record ModelComparison(String title, List<Entry> entries, Provenance provenance) {
    public static final String JSON_FILE = "comparison.json";
    public static final String CSV_FILE = "comparison.csv";
    public static final String MARKDOWN_FILE = "comparison.md";
    public static final String PNG_FILE = "comparison.png";
    public static final int PNG_WIDTH = 900;
    public static final int PNG_HEIGHT = 500;
    /** The split column of a CSV line that holds a model's mean over its splits. */
    public static final String MEAN_SPLIT = "mean";

    /**
     * One model evaluated on one split.
     *
     * @param trainingSeconds    wall time to train the model on this split
     * @param inferenceMsPerClip mean time to classify one test clip
     * @param extra              further named figures in percent or seconds (the name should say which, e.g.
     *                           {@code shuffled_top1_pct}); may be empty, kept in insertion order
     */
    public record Entry(String model, String description, int split, EvaluationSummary test, double trainingSeconds,
                        double inferenceMsPerClip, Map<String, Double> extra) {
        public Entry {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model name must not be blank");
            }
            if (test == null) {
                throw new IllegalArgumentException("model " + model + ", split " + split + ": test summary missing");
            }
            String where = "model " + model + ", split " + split + ": ";
            requireFinite(where + "top1_pct", test.top1Pct());
            requireFinite(where + "top5_pct", test.top5Pct());
            requireFinite(where + "mean_class_accuracy_pct", test.meanClassAccuracyPct());
            requireFiniteNonNegative(where + "training_seconds", trainingSeconds);
            requireFiniteNonNegative(where + "inference_ms_per_clip", inferenceMsPerClip);
            extra = copyExtra(where, extra);
        }
    }

    /**
     * One model's figures averaged (unweighted) over its splits; {@code meanTest.clips} is the sum over splits,
     * as in {@link EvaluationSummary#mean}. An extra figure is averaged over the splits that have it.
     */
    public record Row(String model, String description, List<Integer> splits, EvaluationSummary meanTest,
                      double meanTrainingSeconds, double meanInferenceMsPerClip, Map<String, Double> meanExtra) {
        public Row {
            splits = List.copyOf(splits);
            meanExtra = Collections.unmodifiableMap(new LinkedHashMap<>(meanExtra));
        }
    }

    public ModelComparison {
        Objects.requireNonNull(title, "title");
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one entry");
        }
        entries = List.copyOf(entries);
        // Two results for the same model and split would make the mean over splits silently wrong.
        Set<String> seen = new HashSet<>();
        for (Entry e : entries) {
            if (!seen.add(e.model() + "\u0000" + e.split())) {
                throw new IllegalArgumentException("model " + e.model() + " has split " + e.split() + " twice");
            }
        }
    }

    /** One row per model, in order of first appearance, averaged over that model's splits. */
    @JsonProperty("rows")
    public List<Row> rows() {
        Map<String, List<Entry>> byModel = byModel();
        List<Row> rows = new ArrayList<>();
        for (List<Entry> group : byModel.values()) {
            List<Integer> splits = new ArrayList<>();
            List<EvaluationSummary> tests = new ArrayList<>();
            double training = 0;
            double inference = 0;
            Map<String, double[]> extraSums = new LinkedHashMap<>(); // {sum, count}
            for (Entry e : group) {
                splits.add(e.split());
                tests.add(e.test());
                training += e.trainingSeconds();
                inference += e.inferenceMsPerClip();
                e.extra().forEach((k, v) -> {
                    double[] acc = extraSums.computeIfAbsent(k, x -> new double[2]);
                    acc[0] += v;
                    acc[1]++;
                });
            }
            Map<String, Double> meanExtra = new LinkedHashMap<>();
            extraSums.forEach((k, acc) -> meanExtra.put(k, acc[0] / acc[1]));
            Entry first = group.get(0);
            int n = group.size();
            rows.add(new Row(first.model(), first.description(), splits, EvaluationSummary.mean(tests),
                    training / n, inference / n, meanExtra));
        }
        return rows;
    }

    /** The names of all extra figures over all entries, in order of first appearance. */
    public List<String> extraNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Entry e : entries) {
            names.addAll(e.extra().keySet());
        }
        return List.copyOf(names);
    }

    /** Writes comparison.json, .csv, .md and .png into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        RunReport.mapper().writeValue(dir.resolve(JSON_FILE).toFile(), this);
        writeCsv(dir.resolve(CSV_FILE));
        Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
        writePng(dir.resolve(PNG_FILE));
    }

    public static ModelComparison read(Path json) throws IOException {
        return RunReport.mapper().readValue(json.toFile(), ModelComparison.class);
    }

    /**
     * Header, then per model (in row order) its entries in the order given, followed, when the model has more
     * than one split, by a line with split {@value #MEAN_SPLIT} holding its means. An absent extra is an empty
     * cell.
     */
    public void writeCsv(Path file) throws IOException {
        List<String> extraNames = extraNames();
        List<String> header = new ArrayList<>(List.of("model", "split", "top1_pct", "top5_pct",
                "mean_class_accuracy_pct", "training_s", "inference_ms_per_clip"));
        header.addAll(extraNames);
        Map<String, List<Entry>> byModel = byModel();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Csv.row(header));
            for (Row row : rows()) {
                List<Entry> group = byModel.get(row.model());
                for (Entry e : group) {
                    w.write(Csv.row(csvLine(e.model(), Integer.toString(e.split()), e.test(), e.trainingSeconds(),
                            e.inferenceMsPerClip(), e.extra(), extraNames)));
                }
                if (group.size() > 1) {
                    w.write(Csv.row(csvLine(row.model(), MEAN_SPLIT, row.meanTest(), row.meanTrainingSeconds(),
                            row.meanInferenceMsPerClip(), row.meanExtra(), extraNames)));
                }
            }
        }
    }

    private static List<String> csvLine(String model, String split, EvaluationSummary test, double trainingSeconds,
                                        double inferenceMs, Map<String, Double> extra, List<String> extraNames) {
        List<String> cells = new ArrayList<>(List.of(model, split, num(test.top1Pct()), num(test.top5Pct()),
                num(test.meanClassAccuracyPct()), num(trainingSeconds), num(inferenceMs)));
        for (String name : extraNames) {
            Double v = extra.get(name);
            cells.add(v == null ? "" : num(v));
        }
        return cells;
    }

    public String toMarkdown() {
        List<String> extraNames = extraNames();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Test figures per model, averaged over the splits listed.\n\n");
        md.append("| Model | Splits | Top-1 % | Mean class acc. % | Training s | Inference ms/clip |");
        for (String name : extraNames) {
            md.append(' ').append(mdCell(name)).append(" |");
        }
        md.append("\n|---|---|---:|---:|---:|---:|").append("---:|".repeat(extraNames.size())).append('\n');
        List<Row> rows = rows();
        for (Row r : rows) {
            md.append("| ").append(mdCell(r.model())).append(" | ");
            md.append(String.join(", ", r.splits().stream().map(String::valueOf).toList())).append(" | ");
            md.append(fixed(r.meanTest().top1Pct(), 1)).append(" | ");
            md.append(fixed(r.meanTest().meanClassAccuracyPct(), 1)).append(" | ");
            md.append(fixed(r.meanTrainingSeconds(), 1)).append(" | ");
            md.append(fixed(r.meanInferenceMsPerClip(), 2)).append(" |");
            for (String name : extraNames) {
                Double v = r.meanExtra().get(name);
                md.append(' ').append(v == null ? "–" : fixed(v, 1)).append(" |");
            }
            md.append('\n');
        }
        if (rows.stream().anyMatch(r -> r.description() != null && !r.description().isBlank())) {
            md.append("\n## Models\n\n");
            for (Row r : rows) {
                if (r.description() != null && !r.description().isBlank()) {
                    md.append("- **").append(r.model()).append("**: ").append(r.description().strip()).append('\n');
                }
            }
        }
        if (provenance != null) {
            RunReport.provenanceSection(md, provenance);
        }
        return md.toString();
    }

    /** Bars per model: mean top-1 and mean class accuracy side by side, on a 0–100 % axis. */
    public void writePng(Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(PNG_WIDTH).height(PNG_HEIGHT).title(title)
                .xAxisTitle("model").yAxisTitle("accuracy (%)").build();
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendVisible(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setOverlapped(false);
        styler.setStacked(false);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(100.0);
        styler.setLabelsVisible(true);
        styler.setDecimalPattern("0.0");
        List<Row> rows = rows();
        List<String> models = rows.stream().map(Row::model).toList();
        chart.addSeries("Top-1 %", models, rows.stream().map(r -> r.meanTest().top1Pct()).toList());
        chart.addSeries("Mean class accuracy %", models,
                rows.stream().map(r -> r.meanTest().meanClassAccuracyPct()).toList());
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // BitmapEncoder paints into a BufferedImage, which needs no display, so this works in a headless JVM.
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private Map<String, List<Entry>> byModel() {
        Map<String, List<Entry>> byModel = new LinkedHashMap<>();
        for (Entry e : entries) {
            byModel.computeIfAbsent(e.model(), k -> new ArrayList<>()).add(e);
        }
        return byModel;
    }

    private static Map<String, Double> copyExtra(String where, Map<String, Double> extra) {
        Map<String, Double> copy = new LinkedHashMap<>();
        if (extra != null) {
            extra.forEach((k, v) -> {
                if (k == null || k.isBlank()) {
                    throw new IllegalArgumentException(where + "extra figure with a blank name");
                }
                if (v == null) {
                    throw new IllegalArgumentException(where + k + " is missing a value");
                }
                requireFinite(where + k, v);
                copy.put(k, v);
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void requireFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite, was " + v);
        }
    }

    private static void requireFiniteNonNegative(String what, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(what + " must be finite and not negative, was " + v);
        }
    }

    /** CSV numbers: at most 6 decimals, no trailing zeros, so 46.7 stays "46.7" and float noise goes. */
    private static String num(double v) {
        return BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A pipe would end the table cell; a newline the row. */
    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }
}
