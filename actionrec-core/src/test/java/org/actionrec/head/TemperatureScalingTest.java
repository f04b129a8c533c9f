package org.actionrec.head;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TemperatureScalingTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5, 6.0})
    void fitRecoversTheTemperatureTheLabelsWereDrawnWith(double trueTemperature) {
        SoftmaxSamples samples = SoftmaxSamples.draw(20_000, 10, 3.0, trueTemperature, 42);

        double fitted = TemperatureScaling.fit(samples.scores(), samples.truth()).temperature();

        assertThat(fitted).isCloseTo(trueTemperature, within(0.05 * trueTemperature));
    }

    @Test
    void fittedTemperatureIsTheMinimumOfTheNegativeLogLikelihood() {
        SoftmaxSamples samples = SoftmaxSamples.draw(2_000, 5, 2.0, 1.7, 7);
        double t = TemperatureScaling.fit(samples.scores(), samples.truth()).temperature();

        double atFit = nll(samples, t);
        assertThat(atFit).isLessThan(nll(samples, t * 1.001));
        assertThat(atFit).isLessThan(nll(samples, t / 1.001));
    }

    @Test
    void separableDataDrivesTheTemperatureToTheLowerBound() {
        float[][] scores = {{100, 0, 0}, {0, 100, 0}, {0, 0, 100}, {90, 0, -5}};
        int[] truth = {0, 1, 2, 0};

        double t = TemperatureScaling.fit(scores, truth).temperature();

        assertThat(t).isCloseTo(TemperatureScaling.MIN_TEMPERATURE, within(1e-8));
        assertThat(TemperatureScaling.fit(scores, truth).probabilities(scores[0])[0]).isEqualTo(1.0);
    }

    @Test
    void alwaysWrongScoresDriveTheTemperatureToTheUpperBound() {
        float[][] scores = {{5, 0}, {0, 5}, {3, 1}};
        int[] truth = {1, 0, 1};

        double t = TemperatureScaling.fit(scores, truth).temperature();

        assertThat(t).isCloseTo(TemperatureScaling.MAX_TEMPERATURE, within(1e-3));
    }

    @Test
    void constantScoresLeaveTheTemperatureAtOne() {
        float[][] scores = {{2, 2, 2}, {-1, -1, -1}};

        assertThat(TemperatureScaling.fit(scores, new int[] {0, 2})).isEqualTo(TemperatureScaling.identity());
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheScaledScores() {
        float ln3 = (float) Math.log(3);
        assertThat(TemperatureScaling.identity().probabilities(new float[] {0, ln3}))
                .containsExactly(new double[] {0.25, 0.75}, within(1e-7));
        assertThat(new TemperatureScaling(2).probabilities(new float[] {0, 2 * ln3}))
                .containsExactly(new double[] {0.25, 0.75}, within(1e-7));
        assertThat(new TemperatureScaling(1e9).probabilities(new float[] {-4, 0, 4, 8}))
                .containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-8));
    }

    @Test
    void probabilitiesSumToOneForExtremeScoresAndTemperatures() {
        Random random = new Random(3);
        float[][] scores = new float[50][21];
        for (float[] row : scores) {
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) (random.nextGaussian() * 1e4);
            }
        }
        for (double t : new double[] {TemperatureScaling.MIN_TEMPERATURE, 0.3, 1, 40, TemperatureScaling.MAX_TEMPERATURE}) {
            double[][] p = new TemperatureScaling(t).probabilities(scores);
            assertThat(p).hasNumberOfRows(scores.length);
            for (double[] row : p) {
                double sum = 0;
                for (double v : row) {
                    assertThat(v).isBetween(0.0, 1.0);
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-9));
            }
        }
    }

    @Test
    void travelsThroughTheModelFilesJson() throws Exception {
        var mapper = HeadCodec.mapper();
        String json = mapper.writeValueAsString(new TemperatureScaling(1.84));

        assertThat(json).isEqualTo("{\"temperature\":1.84}");
        assertThat(mapper.readValue(json, TemperatureScaling.class)).isEqualTo(new TemperatureScaling(1.84));
    }

    @Test
    void refusesBadInput() {
        float[][] two = {{1, 0}, {0, 1}};
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[0][], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no clips");
        assertThatThrownBy(() -> TemperatureScaling.fit(two, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[][] {{1, 0}, {1}}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clip 1 has 1 scores");
        assertThatThrownBy(() -> TemperatureScaling.fit(two, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class index 2");
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[][] {{1, Float.NaN}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[][] {{1}, {2}}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two classes");
        assertThatThrownBy(() -> new TemperatureScaling(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new TemperatureScaling(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TemperatureScaling.identity().probabilities(new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scores");
    }

    private static double nll(SoftmaxSamples samples, double t) {
        double[][] p = new TemperatureScaling(t).probabilities(samples.scores());
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            total -= Math.log(p[i][samples.truth()[i]]);
        }
        return total / p.length;
    }
}
