package org.actionrec.train;

import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** Per-epoch figures of one training run, in epoch order. Accuracies are fractions in [0, 1]. */
public record TrainingCurve(List<Epoch> epochs) {

    /**
     * @param epoch 1-based epoch number
     * @param learningRate rate used in the epoch
     * @param trainLoss mean mini-batch loss (with dropout on)
     * @param trainAccuracy share of training clips right during the epoch (with dropout on)
     * @param validationAccuracy share of validation clips right after the epoch; NaN when trained without
     *                           validation clips
     * @param seconds time the epoch took
     */
    public record Epoch(int epoch, float learningRate, double trainLoss, double trainAccuracy,
                        double validationAccuracy, double seconds) {
    }

    public TrainingCurve {
        epochs = List.copyOf(epochs);
    }

    public TrainingCurve plus(Epoch next) {
        List<Epoch> all = new ArrayList<>(epochs);
        all.add(next);
        return new TrainingCurve(all);
    }

    public void writeCsv(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("epoch,learning_rate,train_loss,train_accuracy,validation_accuracy,seconds\n");
            for (Epoch e : epochs) {
                w.write(String.format(Locale.ROOT, "%d,%g,%.6f,%.6f,%.6f,%.3f%n", e.epoch(), e.learningRate(),
                        e.trainLoss(), e.trainAccuracy(), e.validationAccuracy(), e.seconds()));
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loss on the left axis, accuracies on the right; {@code file} should end in ".png". */
    public void writePng(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.setYAxisGroupTitle(0, "train loss");
        chart.setYAxisGroupTitle(1, "accuracy");
        double[] x = new double[epochs.size()];
        double[] loss = new double[x.length];
        double[] trainAcc = new double[x.length];
        double[] valAcc = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Epoch e = epochs.get(i);
            x[i] = e.epoch();
            loss[i] = e.trainLoss();
            trainAcc[i] = e.trainAccuracy();
            valAcc[i] = e.validationAccuracy();
        }
        if (x.length == 0) { // XChart refuses an empty series
            x = new double[] {0};
            loss = trainAcc = valAcc = new double[] {0};
        }
        chart.addSeries("train loss", x, loss).setYAxisGroup(0);
        XYSeries train = chart.addSeries("train accuracy", x, trainAcc);
        train.setYAxisGroup(1);
        if (java.util.Arrays.stream(valAcc).anyMatch(v -> !Double.isNaN(v))) { // NaN: trained without validation
            XYSeries val = chart.addSeries("validation accuracy", x, valAcc);
            val.setYAxisGroup(1);
        }
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        BitmapEncoder.saveBitmap(chart, parent.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
