package org.actionrec.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a confusion matrix (rows: true class, columns: predicted class) as CSV and as a PNG heat map.
 * In the picture each cell shows, and is coloured by, its share of the true class in percent (so rare and
 * frequent classes read alike); each row label carries the class's clip count, and the CSV the raw counts.
 */
public final class ConfusionMatrixWriter {
    private static final int CELL_PX = 40;

    private ConfusionMatrixWriter() {
    }

    /** Writes {@code confusion_<stream>_split<k>.csv} and {@code .png} into {@code dir}; returns the PNG path. */
    public static Path write(Path dir, String stream, int split, Evaluation evaluation) throws IOException {
        Files.createDirectories(dir);
        String base = "confusion_" + stream + "_split" + split;
        writeCsv(dir.resolve(base + ".csv"), evaluation.classNames(), evaluation.confusion());
        Path png = dir.resolve(base + ".png");
        writePng(png, evaluation.classNames(), evaluation.confusion(), stream + ", split " + split);
        return png;
    }

    /** Header row: "true \ predicted" then the class names; then one row per true class. */
    public static void writeCsv(Path file, List<String> classNames, int[][] confusion) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Csv.row(header(classNames)));
            for (int t = 0; t < confusion.length; t++) {
                List<String> cells = new ArrayList<>();
                cells.add(classNames.get(t));
                for (int count : confusion[t]) {
                    cells.add(Integer.toString(count));
                }
                w.write(Csv.row(cells));
            }
        }
    }

    private static List<String> header(List<String> classNames) {
        List<String> h = new ArrayList<>();
        h.add("true \\ predicted");
        h.addAll(classNames);
        return h;
    }

    /** The image is (260 + 40·C) x (220 + 40·C) pixels, at least 480 x 440; see {@link #pngSize}. */
    public static void writePng(Path file, List<String> classNames, int[][] confusion, String title) throws IOException {
        int classes = classNames.size();
        int[] size = pngSize(classes);
        HeatMapChart chart = new HeatMapChartBuilder().width(size[0]).height(size[1])
                .title("Confusion matrix: " + title).xAxisTitle("predicted").yAxisTitle("true").build();
        var styler = chart.getStyler();
        styler.setTheme(new org.knowm.xchart.style.theme.MatlabTheme());
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisLabelRotation(90);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setShowValue(true);
        styler.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setValueFontColor(Color.BLACK);
        styler.setDrawBorder(true);
        styler.setMin(0);
        styler.setMax(100);
        styler.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        styler.setPiecewise(false);

        // XChart 3.8.8 colours and labels a cell from the same value, so cells show the share of the true class
        // (row-normalised percent, as sklearn's normalize="true"); the row labels carry each class's clip count
        // and the CSV the raw counts. Empty cells are left out so the picture stays readable.
        List<Number[]> heat = new ArrayList<>();
        List<String> xNames = new ArrayList<>(classNames);
        List<String> yNames = new ArrayList<>();
        for (int row = classes - 1; row >= 0; row--) { // XChart's y axis grows upward; first class on top
            yNames.add(classNames.get(row) + " (" + rowTotal(confusion[row]) + ")");
        }
        for (int t = 0; t < classes; t++) {
            int total = rowTotal(confusion[t]);
            for (int p = 0; p < classes; p++) {
                if (confusion[t][p] > 0) {
                    heat.add(new Number[] {p, classes - 1 - t, 100.0 * confusion[t][p] / total});
                }
            }
        }
        if (heat.isEmpty()) {
            heat.add(new Number[] {0, classes - 1, 0.0}); // XChart needs one cell
        }
        styler.setHeatMapValueDecimalPattern("#");
        chart.addSeries("% of true class", xNames, yNames, heat);
        String name = file.getFileName().toString();
        String stem = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        Path parent = file.toAbsolutePath().getParent();
        BitmapEncoder.saveBitmap(chart, parent.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static int rowTotal(int[] row) {
        int total = 0;
        for (int count : row) {
            total += count;
        }
        return total;
    }

    /** Width and height of the PNG for this many classes. */
    public static int[] pngSize(int classes) {
        return new int[] {Math.max(480, 260 + CELL_PX * classes), Math.max(440, 220 + CELL_PX * classes)};
    }
}
