package org.actionrec.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a reliability diagram of probabilities before and after calibration, as a PNG and a CSV of the bins.
 * The picture has two panels: on top, accuracy against mean confidence per non-empty bin, both sides on one
 * chart with the diagonal of perfect calibration; below, the clips per bin, so a bin's point can be weighed
 * by how many clips stand behind it.
 */
public final class ReliabilityDiagramWriter {
    public static final int PNG_WIDTH = 800;
    public static final int RELIABILITY_PANEL_HEIGHT = 520;
    public static final int COUNT_PANEL_HEIGHT = 280;
    public static final int PNG_HEIGHT = RELIABILITY_PANEL_HEIGHT + COUNT_PANEL_HEIGHT;

    static final Color BEFORE_COLOR = new Color(214, 39, 40);
    static final Color AFTER_COLOR = new Color(31, 119, 180);

    private ReliabilityDiagramWriter() {
    }

    /**
     * Writes {@code reliability_<name>_split<k>.png} and {@code .csv} into {@code dir}; returns the PNG path.
     *
     * @param before calibration of the uncalibrated probabilities (softmax at T = 1)
     * @param after  calibration of the same clips' calibrated probabilities
     */
    public static Path write(Path dir, String name, int split, CalibrationMetrics before, CalibrationMetrics after)
            throws IOException {
        checkSameBins(before, after);
        Files.createDirectories(dir);
        String base = "reliability_" + name + "_split" + split;
        writeCsv(dir.resolve(base + ".csv"), before, after);
        Path png = dir.resolve(base + ".png");
        writePng(png, name + ", split " + split, before, after);
        return png;
    }

    /**
     * One row per bin: its bounds, then count, mean confidence and accuracy (fractions) before and after;
     * an empty bin's mean confidence and accuracy are empty cells.
     */
    public static void writeCsv(Path file, CalibrationMetrics before, CalibrationMetrics after) throws IOException {
        checkSameBins(before, after);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Csv.row(List.of("lower", "upper", "count_before", "mean_confidence_before", "accuracy_before",
                    "count_after", "mean_confidence_after", "accuracy_after")));
            for (int b = 0; b < before.bins().size(); b++) {
                CalibrationMetrics.Bin x = before.bins().get(b);
                CalibrationMetrics.Bin y = after.bins().get(b);
                w.write(Csv.row(List.of(number(x.lower()), number(x.upper()),
                        Integer.toString(x.count()), number(x.meanConfidence()), number(x.accuracy()),
                        Integer.toString(y.count()), number(y.meanConfidence()), number(y.accuracy()))));
            }
        }
    }

    /** Both panels stacked into one {@link #PNG_WIDTH} x {@link #PNG_HEIGHT} image. */
    public static void writePng(Path file, String title, CalibrationMetrics before, CalibrationMetrics after)
            throws IOException {
        checkSameBins(before, after);
        BufferedImage top = BitmapEncoder.getBufferedImage(reliabilityChart(title, before, after));
        BufferedImage bottom = BitmapEncoder.getBufferedImage(countChart(before, after));
        BufferedImage image = new BufferedImage(PNG_WIDTH, PNG_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PNG_WIDTH, PNG_HEIGHT);
            g.drawImage(top, 0, 0, null);
            g.drawImage(bottom, 0, RELIABILITY_PANEL_HEIGHT, null);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // BufferedImage painting needs no display, so this works in a headless JVM.
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static XYChart reliabilityChart(String title, CalibrationMetrics before, CalibrationMetrics after) {
        String heading = String.format(Locale.ROOT, "Reliability: %s (ECE %.1f%% before, %.1f%% after)",
                title, before.ecePct(), after.ecePct());
        XYChart chart = new XYChartBuilder().width(PNG_WIDTH).height(RELIABILITY_PANEL_HEIGHT).title(heading)
                .xAxisTitle("mean top-1 confidence in bin").yAxisTitle("accuracy in bin").build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(1.0);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineStyle(SeriesLines.DASH_DASH);
        diagonal.setLineColor(Color.GRAY);
        addBinSeries(chart, "before (T = 1)", before, BEFORE_COLOR);
        addBinSeries(chart, "after", after, AFTER_COLOR);
        return chart;
    }

    private static void addBinSeries(XYChart chart, String label, CalibrationMetrics metrics, Color color) {
        List<Double> confidence = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (CalibrationMetrics.Bin bin : metrics.bins()) {
            if (bin.count() > 0) {
                confidence.add(bin.meanConfidence());
                accuracy.add(bin.accuracy());
            }
        }
        XYSeries series = chart.addSeries(label, confidence, accuracy);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        series.setLineColor(color);
    }

    private static CategoryChart countChart(CalibrationMetrics before, CalibrationMetrics after) {
        CategoryChart chart = new CategoryChartBuilder().width(PNG_WIDTH).height(COUNT_PANEL_HEIGHT)
                .title("Clips per confidence bin").xAxisTitle("top-1 confidence").yAxisTitle("clips").build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setOverlapped(false);
        styler.setStacked(false);
        styler.setXAxisLabelRotation(45);
        styler.setLabelsVisible(false);
        styler.setYAxisMin(0.0);
        styler.setSeriesColors(new Color[] {BEFORE_COLOR, AFTER_COLOR});
        List<String> ranges = new ArrayList<>();
        List<Integer> countBefore = new ArrayList<>();
        List<Integer> countAfter = new ArrayList<>();
        for (int b = 0; b < before.bins().size(); b++) {
            CalibrationMetrics.Bin bin = before.bins().get(b);
            ranges.add(String.format(Locale.ROOT, "%.2f-%.2f", bin.lower(), bin.upper()));
            countBefore.add(bin.count());
            countAfter.add(after.bins().get(b).count());
        }
        chart.addSeries("before (T = 1)", ranges, countBefore);
        chart.addSeries("after", ranges, countAfter);
        return chart;
    }

    private static void checkSameBins(CalibrationMetrics before, CalibrationMetrics after) {
        if (before.bins().size() != after.bins().size()) {
            throw new IllegalArgumentException("before and after have different bins: " + before.bins().size()
                    + " and " + after.bins().size());
        }
        for (int b = 0; b < before.bins().size(); b++) {
            CalibrationMetrics.Bin x = before.bins().get(b);
            CalibrationMetrics.Bin y = after.bins().get(b);
            if (x.lower() != y.lower() || x.upper() != y.upper()) {
                throw new IllegalArgumentException("bin " + b + " differs: (" + x.lower() + ", " + x.upper()
                        + "] before, (" + y.lower() + ", " + y.upper() + "] after");
            }
        }
    }

    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
