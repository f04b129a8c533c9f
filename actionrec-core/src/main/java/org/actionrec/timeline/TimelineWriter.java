package org.actionrec.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A {@link Timeline} as files people and tools open: {@code timeline.json}, WebVTT and SRT subtitles (the labels
 * play over the video in any player), ActivityNet-style detections, a CSV of every window and a PNG of the top
 * classes' probabilities over time with the segments.
 */
public final class TimelineWriter {
    public static final String JSON = "timeline.json";
    public static final String VTT = "timeline.vtt";
    public static final String SRT = "timeline.srt";
    public static final String ACTIVITYNET = "timeline_activitynet.json";
    public static final String CSV = "timeline.csv";
    public static final String PNG = "timeline.png";
    /** Classes drawn in the PNG: those with the highest peak smoothed probability. */
    public static final int CHART_CLASSES = 5;

    private TimelineWriter() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Writes all six files into {@code dir} (created if needed); returns them. */
    public static List<Path> writeAll(Path dir, Timeline t, List<String> classes) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(write(dir.resolve(JSON), json(t)));
        files.add(write(dir.resolve(VTT), webVtt(t)));
        files.add(write(dir.resolve(SRT), srt(t)));
        files.add(write(dir.resolve(ACTIVITYNET), activityNet(t)));
        files.add(write(dir.resolve(CSV), csv(t, classes)));
        Path png = dir.resolve(PNG);
        writePng(png, t, classes);
        files.add(png);
        return files;
    }

    public static String json(Timeline t) {
        try {
            return mapper().writeValueAsString(t) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cue per segment: "label 87%". */
    public static String webVtt(Timeline t) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        int i = 1;
        for (Timeline.Segment s : t.segments()) {
            b.append(i++).append('\n').append(clock(s.startS(), '.')).append(" --> ").append(clock(s.endS(), '.'))
                    .append('\n').append(cue(s)).append("\n\n");
        }
        return b.toString();
    }

    public static String srt(Timeline t) {
        StringBuilder b = new StringBuilder();
        int i = 1;
        for (Timeline.Segment s : t.segments()) {
            b.append(i++).append('\n').append(clock(s.startS(), ',')).append(" --> ").append(clock(s.endS(), ','))
                    .append('\n').append(cue(s)).append("\n\n");
        }
        return b.toString();
    }

    /** ActivityNet's detection format: {@code {"version", "results": {video: [{label, score, segment}]}}}. */
    public static String activityNet(Timeline t) {
        List<Map<String, Object>> detections = new ArrayList<>();
        for (Timeline.Segment s : t.segments()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", s.label());
            d.put("score", s.score());
            d.put("segment", List.of(s.startS(), s.endS()));
            detections.add(d);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "VERSION 1.3");
        root.put("results", Map.of(videoId(t.video()), detections));
        root.put("external_data", Map.of("used", true, "details", "ImageNet-pretrained backbone; "
                + t.provenance().getOrDefault("model", "")));
        try {
            return mapper().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row per window: times, the best raw and smoothed class, then every class's smoothed probability. */
    public static String csv(Timeline t, List<String> classes) {
        StringBuilder b = new StringBuilder("start_s,end_s,label,probability,smoothed_label,smoothed_probability");
        for (String c : classes) b.append(",").append(csvField("p_" + c));
        b.append('\n');
        for (Timeline.Window w : t.windows()) {
            b.append(String.format(Locale.ROOT, "%.3f,%.3f,%s,%.5f,%s,%.5f", w.startS(), w.endS(),
                    csvField(w.top().get(0).label()), w.top().get(0).probability(),
                    csvField(w.smoothedTop().get(0).label()), w.smoothedTop().get(0).probability()));
            for (double p : w.smoothed()) b.append(String.format(Locale.ROOT, ",%.5f", p));
            b.append('\n');
        }
        return b.toString();
    }

    /** The top classes' smoothed probabilities at window centres, and each segment as a bar at its score. */
    public static void writePng(Path file, Timeline t, List<String> classes) throws IOException {
        XYChart chart = new XYChartBuilder().width(1200).height(500).title("timeline: " + videoId(t.video()))
                .xAxisTitle("time (s)").yAxisTitle("probability").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.05);
        int n = t.windows().size();
        if (n == 0) {
            chart.addSeries("no windows", new double[] {0}, new double[] {0});
        } else {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = (t.windows().get(i).startS() + t.windows().get(i).endS()) / 2;
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) order.add(c);
            double[] peak = new double[classes.size()];
            for (Timeline.Window w : t.windows()) {
                for (int c = 0; c < peak.length; c++) peak[c] = Math.max(peak[c], w.smoothed()[c]);
            }
            order.sort(Comparator.comparingDouble((Integer c) -> peak[c]).reversed());
            for (int c : order.subList(0, Math.min(CHART_CLASSES, order.size()))) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) y[i] = t.windows().get(i).smoothed()[c];
                chart.addSeries(classes.get(c), x, y).setMarker(SeriesMarkers.NONE);
            }
            // Segments: one series of bars (NaN breaks the line between segments), labelled in the legend.
            List<Double> sx = new ArrayList<>();
            List<Double> sy = new ArrayList<>();
            for (Timeline.Segment s : t.segments()) {
                sx.add(s.startS());
                sy.add(s.score());
                sx.add(s.endS());
                sy.add(s.score());
                sx.add(s.endS());
                sy.add(Double.NaN);
            }
            if (!sx.isEmpty()) {
                XYSeries seg = chart.addSeries("segments (at their score)", sx.stream().mapToDouble(d -> d).toArray(),
                        sy.stream().mapToDouble(d -> d).toArray());
                seg.setMarker(SeriesMarkers.NONE);
                seg.setLineColor(Color.BLACK);
                seg.setLineStyle(new java.awt.BasicStroke(5f));
            }
        }
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        BitmapEncoder.saveBitmap(chart, parent.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String cue(Timeline.Segment s) {
        return String.format(Locale.ROOT, "%s %.0f%%", s.label(), 100 * s.score());
    }

    /** HH:MM:SS.mmm (WebVTT, separator '.') or HH:MM:SS,mmm (SRT, ','). */
    static String clock(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, (ms / 60_000) % 60,
                (ms / 1000) % 60, separator, ms % 1000);
    }

    static String videoId(String video) {
        Path p = Path.of(video).getFileName();
        String name = p == null ? video : p.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static Path write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
