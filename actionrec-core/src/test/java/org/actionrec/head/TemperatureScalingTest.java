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
    void separableDataSharpensOnlyAsFarAsThePriorAllows() {
        float[][] few = {{3, 0, 0}, {0, 3, 0}, {0, 0, 3}, {2, 0, -1}};
        int[] truth = {0, 1, 2, 0};

        double t = TemperatureScaling.fit(few, truth).temperature();

        // the likelihood alone would drive T to its lower bound and every probability to 1
        assertThat(t).isLessThan(1.0).isGreaterThan(0.05);
        assertThat(TemperatureScaling.fit(few, truth).probabilities(few[0])[0]).isLessThan(0.9999);
        assertThat(t).isCloseTo(argminOfPenalisedNll(few, truth), within(1e-4));

        // a thousand clips of the same evidence are allowed to be far surer than four
        float[][] many = new float[1000][];
        int[] manyTruth = new int[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = few[i % 4];
            manyTruth[i] = truth[i % 4];
        }
        assertThat(TemperatureScaling.fit(many, manyTruth).temperature()).isLessThan(t / 2);
    }

    @Test
    void alwaysWrongScoresAreSoftenedTowardsUniform() {
        float[][] scores = {{5, 0}, {0, 5}, {3, 1}};
        int[] truth = {1, 0, 1};

        double t = TemperatureScaling.fit(scores, truth).temperature();

        assertThat(t).isGreaterThan(3).isCloseTo(argminOfPenalisedNll(scores, truth), within(1e-3 * t));
    }

    /** Brute force over a fine grid of log T: the mean NLL plus the log-normal prior's (log T)^2 / (2 n). */
    private static double argminOfPenalisedNll(float[][] scores, int[] truth) {
        double best = Double.POSITIVE_INFINITY;
        double bestT = Double.NaN;
        for (double l = Math.log(TemperatureScaling.MIN_TEMPERATURE); l <= Math.log(TemperatureScaling.MAX_TEMPERATURE);
                l += 1e-5) {
            double f = nll(new SoftmaxSamples(scores, truth), Math.exp(l)) + l * l / (2.0 * scores.length);
            if (f < best) {
                best = f;
                bestT = Math.exp(l);
            }
        }
        return bestT;
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
