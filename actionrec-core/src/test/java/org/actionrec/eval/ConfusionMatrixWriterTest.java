package org.actionrec.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ConfusionMatrixWriterTest {
    @Test
    void writesCsvAndReadablePngFor21Classes(@TempDir Path dir) throws Exception {
        int classes = 21;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(c == 3 ? "shoot_bow, \"long\"" : "class_" + c);
        }
        Random random = new Random(1);
        int n = 210;
        float[][] scores = new float[n][classes];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % classes;
            for (int c = 0; c < classes; c++) {
                scores[i][c] = (float) random.nextGaussian() + (c == truth[i] ? 1.5f : 0);
            }
        }
        Evaluation e = Evaluation.of(scores, truth, names, null);
        Path png = ConfusionMatrixWriter.write(dir, "rgb", 1, e);

        Path csv = dir.resolve("confusion_rgb_split1.csv");
        assertThat(png).isEqualTo(dir.resolve("confusion_rgb_split1.png"));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(classes + 1);
        assertThat(lines.get(0)).startsWith("true \\ predicted,class_0,class_1,class_2,\"shoot_bow, \"\"long\"\"\",");
        String[] row0 = lines.get(1).split(",");
        assertThat(row0[0]).isEqualTo("class_0");
        int sum = 0;
        for (int p = 0; p < classes; p++) {
            assertThat(Integer.parseInt(row0[p + 1])).isEqualTo(e.confusion()[0][p]);
            sum += Integer.parseInt(row0[p + 1]);
        }
        assertThat(sum).isEqualTo(10);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        int[] size = ConfusionMatrixWriter.pngSize(classes);
        assertThat(image.getWidth()).isEqualTo(size[0]);
        assertThat(image.getHeight()).isEqualTo(size[1]);
        // not blank: the heat map paints blue cells
        long blue = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                if ((rgb & 0xFF) - ((rgb >> 16) & 0xFF) > 60) {
                    blue++;
                }
            }
        }
        assertThat(blue).isGreaterThan(100);
    }
}
