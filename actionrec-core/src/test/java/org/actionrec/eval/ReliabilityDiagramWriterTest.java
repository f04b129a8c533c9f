package org.actionrec.eval;

import org.actionrec.head.SoftmaxSamples;
import org.actionrec.head.TemperatureScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReliabilityDiagramWriterTest {
    @Test
    void writesThePngAndTheCsvOfTheBins(@TempDir Path dir) throws Exception {
        SoftmaxSamples samples = SoftmaxSamples.draw(2_000, 6, 4.0, 3.0, 9);
        TemperatureScaling scaling = TemperatureScaling.fit(samples.scores(), samples.truth());
        CalibrationMetrics before = CalibrationMetrics.of(TemperatureScaling.identity().probabilities(samples.scores()),
                samples.truth());
        CalibrationMetrics after = CalibrationMetrics.of(scaling.probabilities(samples.scores()), samples.truth());

        Path png = ReliabilityDiagramWriter.write(dir.resolve("out"), "rgb", 2, before, after);

        assertThat(png).isEqualTo(dir.resolve("out/reliability_rgb_split2.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(ReliabilityDiagramWriter.PNG_WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReliabilityDiagramWriter.PNG_HEIGHT);
        // both sides are drawn: pixels of the before colour and of the after colour in each panel
        int split = ReliabilityDiagramWriter.RELIABILITY_PANEL_HEIGHT;
        assertThat(pixelsOf(image, ReliabilityDiagramWriter.BEFORE_COLOR, 0, split)).isGreaterThan(50);
        assertThat(pixelsOf(image, ReliabilityDiagramWriter.AFTER_COLOR, 0, split)).isGreaterThan(50);
        assertThat(pixelsOf(image, ReliabilityDiagramWriter.BEFORE_COLOR, split, image.getHeight())).isGreaterThan(50);
        assertThat(pixelsOf(image, ReliabilityDiagramWriter.AFTER_COLOR, split, image.getHeight())).isGreaterThan(50);

        List<String> lines = Files.readAllLines(dir.resolve("out/reliability_rgb_split2.csv"));
        assertThat(lines).hasSize(CalibrationMetrics.BINS + 1);
        assertThat(lines.get(0)).isEqualTo("lower,upper,count_before,mean_confidence_before,accuracy_before,"
                + "count_after,mean_confidence_after,accuracy_after");
        int countBefore = 0;
        int countAfter = 0;
        for (int b = 0; b < CalibrationMetrics.BINS; b++) {
            String[] cells = lines.get(b + 1).split(",", -1);
            assertThat(cells).hasSize(8);
            CalibrationMetrics.Bin x = before.bins().get(b);
            CalibrationMetrics.Bin y = after.bins().get(b);
            assertThat(Double.parseDouble(cells[0])).isCloseTo(x.lower(), within(1e-6));
            assertThat(Double.parseDouble(cells[1])).isCloseTo(x.upper(), within(1e-6));
            assertThat(Integer.parseInt(cells[2])).isEqualTo(x.count());
            assertThat(cells[4]).isEqualTo(x.accuracy() == null ? "" : String.format(Locale.ROOT, "%.6f", x.accuracy()));
            assertThat(Integer.parseInt(cells[5])).isEqualTo(y.count());
            assertThat(cells[6]).isEqualTo(y.meanConfidence() == null ? "" : String.format(Locale.ROOT, "%.6f", y.meanConfidence()));
            countBefore += x.count();
            countAfter += y.count();
        }
        assertThat(countBefore).isEqualTo(2_000);
        assertThat(countAfter).isEqualTo(2_000);
    }

    @Test
    void refusesSidesWithDifferentBins(@TempDir Path dir) {
        CalibrationMetrics before = CalibrationMetrics.of(new double[][] {{0.6, 0.4}}, new int[] {0});
        CalibrationMetrics fewerBins = new CalibrationMetrics(1, 0, 0, 0, before.bins().subList(0, 10));

        assertThatThrownBy(() -> ReliabilityDiagramWriter.write(dir, "rgb", 1, before, fewerBins))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different bins");
        assertThat(dir.resolve("reliability_rgb_split1.png")).doesNotExist();
    }

    private static long pixelsOf(BufferedImage image, Color color, int fromY, int toY) {
        long n = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - color.getRed()) < 12 && Math.abs(c.getGreen() - color.getGreen()) < 12
                        && Math.abs(c.getBlue() - color.getBlue()) < 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
