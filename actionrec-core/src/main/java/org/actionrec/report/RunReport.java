package org.actionrec.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.actionrec.eval.EvaluationSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The summary a run leaves behind: per split and per stream (and fused) top-1, top-5 and mean class accuracy
 * in percent, their means over splits, timings in seconds, the number of failed clips and the provenance.
 * Written as {@code report.json} (snake_case field names that carry the unit, e.g. {@code top1_pct}) and
 * {@code report.md}.
 */
public record RunReport(String title, List<SplitResult> splits, Map<String, EvaluationSummary> meanOverSplits,
                        Map<String, Double> timingsSeconds, int failureCount, Provenance provenance,
                        Map<String, Object> model) {
    public static final String FUSED = "fused";
    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RunReport {
        splits = List.copyOf(splits);
        meanOverSplits = new LinkedHashMap<>(meanOverSplits);
        timingsSeconds = new LinkedHashMap<>(timingsSeconds);
        model = model == null ? null : new LinkedHashMap<>(model);
    }

    /** The same report with what the run delivered: the model file, what it was trained on, its figures. */
    public RunReport withModel(Map<String, Object> delivered) {
        return new RunReport(title, splits, meanOverSplits, timingsSeconds, failureCount, provenance, delivered);
    }

    /** Builds the report, computing each stream's mean over the splits that have it. */
    public static RunReport of(String title, List<SplitResult> splits, Map<String, Double> timingsSeconds,
                               int failureCount, Provenance provenance) {
        Map<String, EvaluationSummary> means = new LinkedHashMap<>();
        for (String stream : streamsOf(splits)) {
            List<EvaluationSummary> perSplit = new ArrayList<>();
            for (SplitResult s : splits) {
                EvaluationSummary e = s.streams().get(stream);
                if (e != null) {
                    perSplit.add(e);
                }
            }
            means.put(stream, EvaluationSummary.mean(perSplit));
        }
        return new RunReport(title, splits, means, timingsSeconds, failureCount, provenance, null);
    }

    /** Streams in first-seen order, the fused result last. */
    static List<String> streamsOf(List<SplitResult> splits) {
        Set<String> names = new LinkedHashSet<>();
        for (SplitResult s : splits) {
            names.addAll(s.streams().keySet());
        }
        List<String> ordered = new ArrayList<>();
        for (String n : names) {
            if (!n.equals(FUSED)) {
                ordered.add(n);
            }
        }
        if (names.contains(FUSED)) {
            ordered.add(FUSED);
        }
        return ordered;
    }

    /** Writes report.json and report.md into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        MAPPER.writeValue(dir.resolve(JSON_FILE).toFile(), this);
        Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
    }

    public String toJson() throws IOException {
        return MAPPER.writeValueAsString(this);
    }

    public static RunReport readJson(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), RunReport.class);
    }

    /** The mapper used for report.json, for callers that write related files the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("Accuracy in percent of test clips; mean over splits in the last column.\n");
        List<String> streams = streamsOf(splits);
        metricTable(md, "Top-1 (%)", streams, EvaluationSummary::top1Pct);
        metricTable(md, "Top-5 (%)", streams, EvaluationSummary::top5Pct);
        metricTable(md, "Mean class accuracy (%)", streams, EvaluationSummary::meanClassAccuracyPct);

        calibrationSection(md);
        if (model != null) {
            md.append("\n## Model\n\n");
            model.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        }

        md.append("\n## Timings\n\n| stage | seconds |\n|---|---:|\n");
        timingsSeconds.forEach((stage, s) -> md.append("| ").append(stage).append(" | ")
                .append(String.format(Locale.ROOT, "%.1f", s)).append(" |\n"));

        md.append("\n## Failures\n\n");
        md.append(failureCount == 0 ? "No clip failed." : failureCount + " clip(s) could not be processed")
                .append(failureCount == 0 ? "\n" : "; see " + FailuresCsv.FILE_NAME + ".\n");

        if (provenance != null) {
            provenanceSection(md, provenance);
        }
        return md.toString();
    }

    /** Expected calibration error and negative log-likelihood per split, before and after the temperature. */
    private void calibrationSection(StringBuilder md) {
        if (splits.stream().allMatch(s -> s.calibration() == null)) return;
        md.append("\n## Calibration of the probabilities (test clips)\n\n")
                .append("Softmax of the scores at temperature 1 (before) and at the temperature fitted on the "
                        + "validation clips (after); ECE over 15 confidence bins.\n\n")
                .append("| split | temperature | ECE before (%) | ECE after (%) | NLL before | NLL after |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (SplitResult s : splits) {
            org.actionrec.eval.CalibrationSummary c = s.calibration();
            if (c == null) continue;
            md.append("| ").append(s.split()).append(" | ").append(String.format(Locale.ROOT, "%.3f", c.temperature()))
                    .append(" | ").append(pct(c.eceBeforePct())).append(" | ").append(pct(c.eceAfterPct()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f", c.nllBefore())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", c.nllAfter())).append(" |\n");
        }
    }

    private void metricTable(StringBuilder md, String heading, List<String> streams,
                             java.util.function.ToDoubleFunction<EvaluationSummary> metric) {
        md.append("\n## ").append(heading).append("\n\n| stream |");
        for (SplitResult s : splits) {
            md.append(" split ").append(s.split()).append(" |");
        }
        md.append(" mean |\n|---|");
        md.append("---:|".repeat(splits.size() + 1)).append('\n');
        for (String stream : streams) {
            boolean fused = stream.equals(FUSED);
            md.append("| ").append(fused ? "**" + stream + "**" : stream).append(" |");
            for (SplitResult s : splits) {
                EvaluationSummary e = s.streams().get(stream);
                md.append(' ').append(e == null ? "–" : pct(metric.applyAsDouble(e))).append(" |");
            }
            EvaluationSummary mean = meanOverSplits.get(stream);
            md.append(' ').append(mean == null ? "–" : pct(metric.applyAsDouble(mean))).append(" |\n");
        }
    }

    /** The "## Provenance" section, shared with {@link ModelComparison}. */
    static void provenanceSection(StringBuilder md, Provenance p) {
        md.append("\n## Provenance\n\n");
        if (p.dataset() != null) {
            md.append("- dataset: `").append(p.dataset().root()).append("`, ").append(p.dataset().clipCount())
                    .append(" clips, clip list sha256 `").append(p.dataset().clipListSha256()).append("`\n");
        }
        if (p.split() != null) {
            md.append("- split: ").append(p.split().protocol()).append(", splits ").append(p.split().splits()).append('\n');
            if (p.split().reason() != null) {
                md.append("- split protocol chosen because: ").append(p.split().reason()).append('\n');
            }
        }
        if (p.backbone() != null) {
            md.append("- backbone: ").append(p.backbone().name()).append(", `").append(p.backbone().file())
                    .append("`, sha256 `").append(p.backbone().sha256()).append("`\n");
        }
        if (p.versions() != null) {
            Provenance.Versions v = p.versions();
            md.append("- versions: actionrec ").append(v.actionrec()).append(", Java ").append(v.java())
                    .append(", DJL ").append(v.djl()).append(", JavaCV ").append(v.javacv())
                    .append(", FFmpeg ").append(v.ffmpeg()).append(", OpenCV ").append(v.opencv())
                    .append(", LIBLINEAR ").append(v.liblinear()).append('\n');
        }
        md.append("- date: ").append(p.date()).append('\n');
        if (p.host() != null) {
            md.append("- host: ").append(p.host().cores()).append(" cores, ").append(p.host().os()).append(' ')
                    .append(p.host().arch()).append(", max heap ").append(p.host().maxHeapMb()).append(" MB\n");
        }
        if (p.settings() != null && !p.settings().isNull()) {
            md.append("\nSettings:\n\n```json\n").append(p.settings().toPrettyString()).append("\n```\n");
        }
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
