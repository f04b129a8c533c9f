package org.actionrec.eval;

import org.actionrec.report.RunReport;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibrationMetricsTest {
    @Test
    void perfectlyCalibratedBinsHaveNoCalibrationError() {
        // ten clips at confidence 0.7 of which seven are right, ten at 0.9 of which nine are right
        double[][] p = new double[20][];
        int[] truth = new int[20];
        for (int i = 0; i < 10; i++) {
            p[i] = new double[] {0.7, 0.3};
            truth[i] = i < 7 ? 0 : 1;
            p[10 + i] = new double[] {0.1, 0.9};
            truth[10 + i] = i < 9 ? 1 : 0;
        }

        CalibrationMetrics m = CalibrationMetrics.of(p, truth);

        assertThat(m.ecePct()).isCloseTo(0.0, within(1e-9));
        assertThat(m.clips()).isEqualTo(20);
        assertThat(m.bins()).hasSize(CalibrationMetrics.BINS);
        assertThat(m.bins().stream().mapToInt(CalibrationMetrics.Bin::count).sum()).isEqualTo(20);
        CalibrationMetrics.Bin at07 = m.bins().get(10); // (10/15, 11/15]
        assertThat(at07.count()).isEqualTo(10);
        assertThat(at07.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(at07.meanConfidence()).isCloseTo(0.7, within(1e-12));
        assertThat(m.bins().get(13).count()).isEqualTo(10); // 0.9 lies in (13/15, 14/15]
    }

    @Test
    void handComputedExample() {
        double[][] p = {
                {0.62, 0.28, 0.10}, // truth 0: right, bin (9/15, 10/15]
                {0.62, 0.20, 0.18}, // truth 1: wrong, same bin
                {0.05, 0.90, 0.05}, // truth 1: right, bin (13/15, 14/15]
                {0.20, 0.10, 0.70}, // truth 0: wrong, bin (10/15, 11/15]
        };
        int[] truth = {0, 1, 1, 0};

        CalibrationMetrics m = CalibrationMetrics.of(p, truth);

        // ECE = 2/4·|0.5 − 0.62| + 1/4·|1 − 0.9| + 1/4·|0 − 0.7| = 0.06 + 0.025 + 0.175 = 0.26
        assertThat(m.ecePct()).isCloseTo(26.0, within(1e-9));
        assertThat(m.nll()).isCloseTo(-(Math.log(0.62) + Math.log(0.2) + Math.log(0.9) + Math.log(0.2)) / 4, within(1e-12));
        // Brier: (0.1444 + 0.0784 + 0.01) + (0.3844 + 0.64 + 0.0324) + (0.0025 + 0.01 + 0.0025) + (0.64 + 0.01 + 0.49)
        assertThat(m.brier()).isCloseTo(2.4446 / 4, within(1e-12));
        CalibrationMetrics.Bin bin = m.bins().get(9);
        assertThat(bin.lower()).isEqualTo(9 / 15.0);
        assertThat(bin.upper()).isEqualTo(10 / 15.0);
        assertThat(bin.count()).isEqualTo(2);
        assertThat(bin.meanConfidence()).isCloseTo(0.62, within(1e-12));
        assertThat(bin.accuracy()).isEqualTo(0.5);
        assertThat(m.bins().get(10).accuracy()).isEqualTo(0.0);
        assertThat(m.bins().get(13).accuracy()).isEqualTo(1.0);
        assertThat(m.bins().get(0).count()).isZero();
        assertThat(m.bins().get(0).meanConfidence()).isNull();
        assertThat(m.bins().get(0).accuracy()).isNull();
    }

    @Test
    void negativeLogLikelihoodClampsAZeroProbability() {
        CalibrationMetrics m = CalibrationMetrics.of(new double[][] {{1, 0}, {0.5, 0.5}}, new int[] {1, 0});

        assertThat(m.nll()).isCloseTo((-Math.log(1e-12) + Math.log(2)) / 2, within(1e-12));
    }

    @Test
    void confidencesOnABoundGoToTheLowerBin() {
        for (int k = 1; k <= CalibrationMetrics.BINS; k++) {
            assertThat(CalibrationMetrics.binOf(k / 15.0)).as("confidence %d/15", k).isEqualTo(k - 1);
            assertThat(CalibrationMetrics.binOf(Math.nextUp(k / 15.0))).isEqualTo(Math.min(k, CalibrationMetrics.BINS - 1));
        }
        assertThat(CalibrationMetrics.binOf(1.0)).isEqualTo(CalibrationMetrics.BINS - 1);
        assertThat(CalibrationMetrics.binOf(0.0)).isZero();
    }

    @Test
    void travelsThroughReportJson() throws Exception {
        CalibrationMetrics m = CalibrationMetrics.of(new double[][] {{0.8, 0.2}, {0.4, 0.6}}, new int[] {0, 0});
        var mapper = RunReport.mapper();

        String json = mapper.writeValueAsString(m);

        // report.json's mapper writes snake_case; an empty bin's figures are null, not NaN (not JSON)
        assertThat(json).contains("\"ece_pct\"", "\"nll\"", "\"brier\"", "\"bins\"", "\"mean_confidence\" : null");
        assertThat(mapper.readValue(json, CalibrationMetrics.class)).isEqualTo(m);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[0][], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no clips");
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{1, 0}}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{1, 0}, {1}}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clip 1 has 1 probabilities");
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{2.5, -1.5}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{0.5, 0.4}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to");
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{0.5, Double.NaN}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CalibrationMetrics.of(new double[][] {{0.5, 0.5}}, new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class index -1");
    }
}
